package org.pernodedrop.lab.app;

import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.MouseEvent;

/**
 * The window's one rule for who gets a key: the single-letter shortcuts (Space, S, E, R, V, ?) are the window's
 * only while the focus is not on a control that needs the key itself. Typing into a text field always types; Space
 * on a focused button, check box or toggle presses it, as everywhere else on the desktop (Space plays or pauses when
 * the focus is anywhere else: a slider, a list, a tab, a view, nothing).
 */
public final class Keys {

    private Keys() {
    }

    /** Whether the focus owner takes typed letters (then no single-letter shortcut fires). */
    public static boolean typesText(Node focus) {
        return focus instanceof TextInputControl;
    }

    /** Whether the focus owner uses Space itself: it types a blank, or presses/toggles the focused button. */
    public static boolean takesSpace(Node focus) {
        return typesText(focus) || focus instanceof ButtonBase;
    }

    /**
     * A tool-bar button: TAB reaches it (keyboard users), but a mouse click does not move the focus to it, so a click
     * on Play leaves the focus, and any value being typed, where it was (the value applies when the run starts) and
     * Space keeps meaning play/pause after a click. While the mouse presses it the button is briefly not
     * focus-traversable, which is what keeps the button's own press handling from taking the focus.
     */
    public static void focusOnlyByKeyboard(ButtonBase b) {
        b.setFocusTraversable(true);
        b.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (!b.isFocused()) b.setFocusTraversable(false);
        });
        // the release always reaches the pressed node (implicit mouse grab), even when it happens outside it
        b.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> b.setFocusTraversable(true));
    }
}
