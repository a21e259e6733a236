package org.pernodedrop.lab.app;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Small layout helpers shared by the views, so every card looks the same. */
public final class Cards {

    private Cards() {
    }

    /** A card header: a title, a short hint, then the given controls pushed to the right. */
    public static HBox header(String title, String hint, Node... controls) {
        Label t = new Label(title);
        t.getStyleClass().add("card-title");
        t.setMinWidth(Region.USE_PREF_SIZE);
        Label h = new Label(hint);
        h.getStyleClass().add("card-hint");
        h.setMinWidth(0);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox box = new HBox(8, t, h, gap);
        box.getChildren().addAll(controls);
        for (Node c : controls) {
            if (c instanceof Region r) r.setMinWidth(Region.USE_PREF_SIZE);
        }
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("card-header");
        return box;
    }

    static VBox card(VBox content) {
        content.getStyleClass().add("card");
        return content;
    }

    /** A wrapped tooltip that shows soon and stays long enough to read a formula. */
    public static javafx.scene.control.Tooltip tip(String text) {
        javafx.scene.control.Tooltip t = new javafx.scene.control.Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(420);
        t.setShowDelay(javafx.util.Duration.millis(300));
        t.setShowDuration(javafx.util.Duration.seconds(30));
        return t;
    }

    /** A section title inside a settings panel. */
    public static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    public static Label small(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("small");
        return l;
    }
}
