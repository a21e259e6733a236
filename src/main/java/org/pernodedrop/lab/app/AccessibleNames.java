package org.pernodedrop.lab.app;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.layout.GridPane;

import java.util.List;

/**
 * Names for screen readers where a view forgot them. A field, combo box or slider has no text of its own: a screen
 * reader says only "edit" or "combo box" unless a label is tied to it ({@link Label#setLabelFor}) or it carries an
 * accessible text. The settings editors show their label beside the field, so the name a sighted user reads is
 * already on screen; this ties that label to its field, by the layouts the window uses:
 * <ul>
 * <li>a grid row "label | control": the label in the cell left of the control;</li>
 * <li>a label followed by its control in the same box ("sample [combo]", a section title above its combo box);</li>
 * <li>a control opening a box (a slider with its value after it) that follows a label.</li>
 * </ul>
 * A control that has a name keeps it; a view that sets its own (as it should) is never overridden. Applied to what a
 * scene holds when installed, and to each control when it takes the focus (views built later, rows added later), so
 * a screen reader has the name when it announces the focus.
 */
public final class AccessibleNames {

    private AccessibleNames() {
    }

    /** Names what the scene holds now and whatever takes the focus later. */
    public static void install(Scene scene) {
        nameAll(scene.getRoot());
        scene.rootProperty().addListener((o, a, b) -> {
            if (b != null) nameAll(b);
        });
        scene.focusOwnerProperty().addListener((o, a, b) -> {
            if (b instanceof Control c) name(c);
        });
    }

    /** Ties a label to every unnamed control under {@code root} that has one beside or above it. */
    public static void nameAll(Node root) {
        if (root instanceof Control c) name(c);
        if (root instanceof Parent p) {
            for (Node n : p.getChildrenUnmodifiable()) nameAll(n);
        }
    }

    /** Whether a screen reader has something to say for {@code c}: its own text, an accessible text or a label. */
    public static boolean isNamed(Control c) {
        if (hasText(c.getAccessibleText())) return true;
        if (c instanceof Labeled l && hasText(l.getText())) return true;
        return c.queryAccessibleAttribute(javafx.scene.AccessibleAttribute.LABELED_BY) instanceof Labeled l
                && hasText(l.getText());
    }

    /** Ties the label the layout shows for {@code c} to it, when {@code c} has no name yet. */
    static void name(Control c) {
        if (!isField(c) || isNamed(c)) return;
        Label l = labelBeside(c);
        Parent p = c.getParent();
        if (l == null && p != null && first(p) == c) l = labelBeside(p);
        if (l != null) l.setLabelFor(c);
    }

    /**
     * The controls named here: those whose label sits beside them. A table or a list is named by its view (the
     * text before it is often a note, not its title); buttons and boxes carry their own text.
     */
    static boolean isField(Control c) {
        return c instanceof javafx.scene.control.TextInputControl || c instanceof javafx.scene.control.ComboBoxBase
                || c instanceof javafx.scene.control.Slider || c instanceof javafx.scene.control.Spinner
                || c instanceof javafx.scene.control.ChoiceBox;
    }

    /**
     * The label in the grid cell left of {@code n}; or the label just before {@code n} among its siblings; or, when
     * the sibling before is a row of labels only ("drop rate p 0.50" above its slider), that row's first label.
     */
    private static Label labelBeside(Node n) {
        Parent p = n.getParent();
        if (p == null) return null;
        if (p instanceof GridPane g) {
            Integer col = GridPane.getColumnIndex(n);
            Integer row = GridPane.getRowIndex(n);
            int c = col == null ? 0 : col;
            int r = row == null ? 0 : row;
            for (Node m : g.getChildren()) {
                Integer mc = GridPane.getColumnIndex(m);
                Integer mr = GridPane.getRowIndex(m);
                if ((mc == null ? 0 : mc) == c - 1 && (mr == null ? 0 : mr) == r) return usable(m);
            }
            return null;
        }
        List<Node> siblings = p.getChildrenUnmodifiable();
        int i = siblings.indexOf(n);
        if (i <= 0) return null;
        Node before = siblings.get(i - 1);
        if (before instanceof Label) return usable(before);
        if (before instanceof Control || !(before instanceof Parent row)) return null;
        List<Node> parts = row.getChildrenUnmodifiable();
        for (Node m : parts) if (!(m instanceof Label)) return null;
        return parts.isEmpty() ? null : usable(parts.get(0));
    }

    private static Label usable(Node m) {
        return m instanceof Label l && m.isVisible() && hasText(l.getText()) && l.getLabelFor() == null ? l : null;
    }

    private static Node first(Parent p) {
        List<Node> c = p.getChildrenUnmodifiable();
        return c.isEmpty() ? null : c.get(0);
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
