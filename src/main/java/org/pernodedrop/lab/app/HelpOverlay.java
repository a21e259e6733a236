package org.pernodedrop.lab.app;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Window;

import java.util.List;

/**
 * The "?" overlay: every key the window answers to and what each view shows, over the window until Esc, "?" or a
 * click elsewhere. Plain text, so a screen reader reads it as it is.
 */
public final class HelpOverlay {

    /** Keys and what they do, in the order a newcomer needs them. */
    static final List<String[]> KEYS = List.of(
            new String[]{"Space", "play / pause the run (it starts one when none runs); on the Experiments tab, "
                    + "pause / resume the comparison"},
            new String[]{"S", "one mini-batch, then pause: watch the masks change step by step"},
            new String[]{"E", "to the end of this epoch, then pause"},
            new String[]{"R", "reset: clear the curves, the next Space starts afresh"},
            new String[]{"V", "presentation mode: show the next view (Experiments tab)"},
            new String[]{"? or F1", "this help; Esc closes it"},
            new String[]{"Tab, Shift+Tab", "the next or previous control: the buttons on top, the settings, the "
                    + "views"},
            new String[]{"Enter", "presses the focused button; Space does too, and ticks a focused box"},
            new String[]{"In a text field", "every key types: the letters above act once the focus is elsewhere"},
            new String[]{"On a chart", "mouse wheel zooms about the pointer, drag pans, double-click shows "
                    + "everything again; hover for the values"},
            new String[]{"Export", "the Export menu (top right) or a right click on a view: PNG, SVG or copy "
                    + "image"});

    /** The views and what to read in each. */
    static final List<String[]> VIEWS = List.of(
            new String[]{"Headline", "validation accuracy beside the chance level; the gap between validation and "
                    + "training loss (growing = overfitting) and its curve; the epoch with the best validation loss"},
            new String[]{"Masks", "the mask of one sample in this step: inputs across, nodes down (so Dropout, "
                    + "which drops inputs, blanks whole columns); viridis colours, dark = dropped, yellow = largest; "
                    + "the batch strip below has one row per sample (identical rows = a mask shared by the batch)"},
            new String[]{"Subnetworks", "8 inputs to 6 nodes for 4 samples: top the batch-shared DropConnect mask on "
                    + "the same weights, bottom the chosen regularizer; teal = positive, brown = negative weight, "
                    + "width = its size, faint = dropped"},
            new String[]{"Loss curves", "mini-batch loss (noise on), epoch-end training and validation loss "
                    + "(noise off); the black diamond marks the best validation epoch"},
            new String[]{"Decision surface", "2-D sets: the class probability over the plane (the colour bar under "
                    + "it is the key), with the training points as filled discs and the validation points as open "
                    + "squares"},
            new String[]{"Classes", "the latest epoch's accuracy per class and the confusion matrix (true class "
                    + "down, predicted across; each row's shares), for any labelled data"});

    private final Popup popup = new Popup();
    private final VBox content = new VBox(10);

    public HelpOverlay() {
        content.setId("help-overlay");
        content.getStyleClass().add("help-overlay");
        content.setPadding(new Insets(18));
        content.setMaxWidth(640);
        // a popup is its own window: style it here rather than rely on the owner's stylesheet
        content.setStyle("-fx-background-color: white; -fx-border-color: #90a4ae; -fx-border-width: 1;");
        content.getChildren().addAll(title("Keys"), grid(KEYS), title("What the views show"), grid(VIEWS));
        popup.getContent().add(content);
        popup.setAutoHide(true);
        popup.setHideOnEscape(true);
    }

    private static Label title(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("card-title");
        return l;
    }

    private static GridPane grid(List<String[]> rows) {
        GridPane g = new GridPane();
        g.setHgap(14);
        g.setVgap(6);
        for (int i = 0; i < rows.size(); i++) {
            Label k = new Label(rows.get(i)[0]);
            k.getStyleClass().add("help-key");
            k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label v = new Label(rows.get(i)[1]);
            v.setWrapText(true);
            v.setMaxWidth(480);
            g.addRow(i, k, v);
        }
        return g;
    }

    /** Shows the overlay centred over {@code owner}, or hides it when it shows. */
    public void toggle(Window owner) {
        if (popup.isShowing()) {
            popup.hide();
            return;
        }
        popup.show(owner);
        popup.setX(owner.getX() + (owner.getWidth() - content.getWidth()) / 2);
        popup.setY(owner.getY() + (owner.getHeight() - content.getHeight()) / 3);
    }

    public boolean isShowing() {
        return popup.isShowing();
    }

    /** Everything the overlay says, as one text (tests, screen readers). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String[] r : KEYS) sb.append(r[0]).append(": ").append(r[1]).append('\n');
        for (String[] r : VIEWS) sb.append(r[0]).append(": ").append(r[1]).append('\n');
        return sb.toString();
    }
}
