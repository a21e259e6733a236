package org.pernodedrop.lab.app.experiments;

import org.pernodedrop.lab.app.Numbers;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.pernodedrop.lab.engine.config.RegularizerDocs;
import org.pernodedrop.lab.engine.config.RegularizerSpec;
import org.pernodedrop.lab.engine.experiment.TeachingPreset;

import java.util.function.Consumer;

/**
 * Ready lessons ({@link TeachingPreset}: what to look at, what to expect) that start a live comparison with one
 * click, and the explain panel: the selected regularizer's summary, formulas and axes from {@link RegularizerDocs}.
 */
public final class TeachingView extends HBox {

    /** A lesson as the list shows it. */
    public record Lesson(TeachingPreset preset) {
    }

    private final Consumer<Lesson> onRun;
    private final ListView<Lesson> lessons = new ListView<>();
    private final Label lessonTitle = new Label();
    private final Label lookAt = new Label();
    private final Label expect = new Label();
    private final Label variants = new Label();
    final ComboBox<String> regularizer = new ComboBox<>();
    private final Slider rate = new Slider(0, 0.9, 0.5);
    private final Label summary = new Label();
    private final Label formulas = new Label();
    private final Label axes = new Label();

    public TeachingView(Consumer<Lesson> onRun) {
        this.onRun = onRun;
        createView();
    }

    private void createView() {
        setSpacing(10);
        setPadding(new Insets(10));
        getStyleClass().add("teaching");
        for (TeachingPreset p : TeachingPreset.all()) lessons.getItems().add(new Lesson(p));
        lessons.setId("lessons");
        lessons.setAccessibleText("Lessons");
        lessons.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Lesson l, boolean empty) {
                super.updateItem(l, empty);
                setText(empty || l == null ? null : l.preset().title());
            }
        });
        lessons.setPrefWidth(330);
        Button run = new Button("Run this lesson");
        run.setId("run-lesson");
        run.getStyleClass().add("play");
        run.setOnAction(e -> {
            Lesson l = lessons.getSelectionModel().getSelectedItem();
            if (l != null) onRun.accept(l);
        });
        for (Label l : new Label[]{lookAt, expect, variants, summary, formulas, axes}) l.setWrapText(true);
        lessonTitle.getStyleClass().add("card-title");
        lookAt.setId("lesson-look-at");
        formulas.setId("explain-formulas");
        formulas.getStyleClass().add("formulas");
        VBox lesson = new VBox(8, lessonTitle, head("What to look at"), lookAt, head("What to expect"), expect,
                head("Variants"), variants, run);
        lesson.getStyleClass().add("card");
        lessonTitle.setWrapText(true);
        javafx.scene.control.ScrollPane lessonScroll = new javafx.scene.control.ScrollPane(lesson);
        lessonScroll.setFitToWidth(true);
        lessonScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        lessons.setPrefHeight(190);
        lessons.setMinHeight(140);
        VBox left = new VBox(8, head("Lessons"), lessons, lessonScroll);
        VBox.setVgrow(lessonScroll, Priority.ALWAYS);
        left.setPrefWidth(520);
        left.setMinWidth(440);

        regularizer.getItems().addAll(RegularizerSpec.PRESETS);
        regularizer.setValue("pernode-bernoulli");
        regularizer.setId("explain-regularizer");
        regularizer.setAccessibleText("Regularizer to explain");
        rate.setAccessibleText("Drop rate p of the regularizer explained");
        rate.setMajorTickUnit(0.1);
        rate.setShowTickLabels(true);
        VBox explain = new VBox(8, head("Explain a regularizer"), regularizer, new Label("drop rate p"), rate,
                summary, head("Formulas"), formulas, head("Where it sits among the four axes"), axes);
        explain.getStyleClass().add("card");
        HBox.setHgrow(explain, Priority.ALWAYS);
        getChildren().addAll(left, explain);

        lessons.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> showLesson(b));
        regularizer.valueProperty().addListener((o, a, b) -> explain());
        rate.valueProperty().addListener((o, a, b) -> explain());
        lessons.getSelectionModel().select(0);
        explain();
    }

    private static Label head(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("section");
        return l;
    }

    private void showLesson(Lesson l) {
        if (l == null) return;
        TeachingPreset p = l.preset();
        lessonTitle.setText(p.title());
        lookAt.setText(p.lookAt());
        expect.setText(p.expect());
        StringBuilder sb = new StringBuilder();
        p.variants().forEach(c -> sb.append("\u2022 ").append(c.regularizer().preset()).append(Numbers.format(
                " at p = %.1f", c.regularizer().rate())).append(" on ").append(c.data().name())
                .append('\n'));
        variants.setText(sb.toString().trim());
        regularizer.setValue(p.variants().get(p.variants().size() - 1).regularizer().preset());
    }

    /** Shows the chosen regularizer's docs at the slider's rate. */
    void explain() {
        double p = Math.round(rate.getValue() * 20) / 20.0;
        RegularizerSpec r = RegularizerSpec.of(regularizer.getValue(), regularizer.getValue().equals("none") ? 0 : p);
        summary.setText(RegularizerDocs.summary(r));
        formulas.setText(String.join("\n", RegularizerDocs.formulas(r)));
        axes.setText(RegularizerDocs.axes(r));
    }

    public String formulasText() {
        return formulas.getText();
    }

    public ListView<Lesson> lessons() {
        return lessons;
    }
}
