package org.pernodedrop.lab.app;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

/**
 * The window's layout: transport on top, settings on the left, the four live views in a 2 x 2 grid, the status bar
 * at the bottom. Compare mode (several runs side by side) will put its own centre in place of the grid.
 */
public final class LabView extends BorderPane {

    private final LabModel model;
    private final TransportView transport;
    private final ControlPanelView controls;
    private final MaskHeatmapView masks;
    private final SubnetDiagramView diagram;
    private final LossChartView losses;
    private final DecisionSurfaceView surface;
    private final StatusBarView status;
    private final HeadlineView headline;
    private final HBox errorBanner = new HBox(10);
    private final Label errorText = new Label();
    private final HBox askBanner = new HBox(10);
    final Button applySettings = new Button("Apply and start over");
    final Button keepRun = new Button("Keep this run");

    public LabView(LabModel model) {
        this.model = model;
        transport = new TransportView(model);
        controls = new ControlPanelView(model);
        masks = new MaskHeatmapView(model);
        diagram = new SubnetDiagramView(model);
        losses = new LossChartView(model);
        surface = new DecisionSurfaceView(model);
        status = new StatusBarView(model);
        headline = new HeadlineView(model);
        createView();
        initListeners();
    }

    private void createView() {
        getStyleClass().add("lab");
        errorText.setWrapText(true);
        errorText.setId("error-text");
        Button close = new Button("Dismiss");
        close.setOnAction(e -> model.clearError());
        close.setFocusTraversable(false);
        errorBanner.getChildren().addAll(errorText, close);
        errorBanner.getStyleClass().add("error-banner");
        errorBanner.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(errorText, Priority.ALWAYS);
        errorText.setMaxWidth(Double.MAX_VALUE);
        showError("");
        Label ask = new Label("You changed a setting while this run has results. Apply it (the run is reset, its "
                + "curves are cleared) or keep the run and its settings?");
        ask.setWrapText(true);
        ask.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(ask, Priority.ALWAYS);
        applySettings.setId("apply-settings");
        keepRun.setId("keep-run");
        applySettings.setOnAction(e -> model.applyPendingConfig());
        keepRun.setOnAction(e -> model.keepRun());
        askBanner.getChildren().addAll(ask, applySettings, keepRun);
        askBanner.getStyleClass().add("ask-banner");
        askBanner.setAlignment(Pos.CENTER_LEFT);
        askBanner.setId("ask-banner");
        showAsk(false);
        setTop(new VBox(transport, errorBanner, askBanner));

        ScrollPane side = new ScrollPane(controls);
        side.setFitToWidth(true);
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        side.getStyleClass().add("side");
        side.setPrefWidth(300);
        side.setMinWidth(260);
        setLeft(side);

        GridPane grid = new GridPane();
        grid.getStyleClass().add("views");
        grid.setHgap(10);
        grid.setVgap(10);
        grid.add(masks, 0, 0);
        grid.add(diagram, 1, 0);
        grid.add(losses, 0, 1);
        grid.add(surface, 1, 1);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setPercentWidth(52);
        c0.setHgrow(Priority.ALWAYS);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setPercentWidth(48);
        c1.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(c0, c1);
        RowConstraints r0 = new RowConstraints();
        r0.setPercentHeight(50);
        r0.setVgrow(Priority.ALWAYS);
        RowConstraints r1 = new RowConstraints();
        r1.setPercentHeight(50);
        r1.setVgrow(Priority.ALWAYS);
        grid.getRowConstraints().addAll(r0, r1);
        for (VBox v : new VBox[]{masks, diagram, losses, surface}) {
            v.setMinSize(0, 0);
            v.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        }
        VBox centre = new VBox(10, headline, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
        setCenter(centre);
        setBottom(status);
    }

    private void initListeners() {
        model.errorProperty().addListener((obs, old, now) -> showError(now));
        model.pendingConfigProperty().addListener((obs, old, now) -> showAsk(now != null));
    }

    private void showAsk(boolean on) {
        askBanner.setVisible(on);
        askBanner.setManaged(on);
    }

    private void showError(String text) {
        boolean on = text != null && !text.isBlank();
        errorText.setText(on ? text : "");
        errorBanner.setVisible(on);
        errorBanner.setManaged(on);
    }

    public TransportView transport() {
        return transport;
    }

    public ControlPanelView controls() {
        return controls;
    }

    public MaskHeatmapView masks() {
        return masks;
    }

    public SubnetDiagramView diagram() {
        return diagram;
    }

    public LossChartView losses() {
        return losses;
    }

    public DecisionSurfaceView surface() {
        return surface;
    }

    public HeadlineView headline() {
        return headline;
    }

    public StatusBarView status() {
        return status;
    }
}
