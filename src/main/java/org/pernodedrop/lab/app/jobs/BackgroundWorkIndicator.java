package org.pernodedrop.lab.app.jobs;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/** A spinner, what runs, and Cancel: shown only while {@link BackgroundWork} has something to do. */
public final class BackgroundWorkIndicator extends HBox {

    private final Button cancel = new Button("Cancel");
    private final Label text = new Label();

    public BackgroundWorkIndicator(BackgroundWork work) {
        super(6);
        ProgressIndicator spin = new ProgressIndicator();
        spin.setPrefSize(16, 16);
        spin.setMaxSize(16, 16);
        text.getStyleClass().add("small");
        text.textProperty().bind(work.textProperty());
        cancel.setId("background-cancel");
        cancel.setTooltip(new Tooltip("Stop this file operation; what it had not finished is not used"));
        cancel.setOnAction(e -> work.cancelCurrent());
        setId("background-work");
        setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(spin, text, cancel);
        visibleProperty().bind(work.busyProperty());
        managedProperty().bind(work.busyProperty());
    }

    public Button cancelButton() {
        return cancel;
    }
}
