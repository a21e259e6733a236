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
    private final ConfusionView classes;
    private final javafx.scene.control.TabPane lowerRight = new javafx.scene.control.TabPane();
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
        classes = new ConfusionView(model);
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
        close.setId("dismiss-error");
        Keys.focusOnlyByKeyboard(close);
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
        // the decision surface (2-D sets) and the per-class view (any labelled data) share the lower right
        javafx.scene.control.Tab surfaceTab = new javafx.scene.control.Tab("Decision surface", surface);
        javafx.scene.control.Tab classesTab = new javafx.scene.control.Tab("Classes", classes);
        surfaceTab.setId("tab-surface");
        classesTab.setId("tab-classes");
        lowerRight.getTabs().addAll(surfaceTab, classesTab);
        lowerRight.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        lowerRight.getStyleClass().add("view-tabs");
        lowerRight.setMinSize(0, 0);
        lowerRight.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        grid.add(lowerRight, 1, 1);
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

    /** Every picture of the single run that exports: mask, batch strip, diagram, loss, surface, classes. */
    public java.util.List<ViewExport.Target> exportTargets() {
        return java.util.List.of(masks.maskTarget(), masks.stripTarget(),
                ViewExport.of("subnetworks", "subnetwork diagram", diagram),
                losses.target(),
                ViewExport.of("decision-surface", "decision surface", surface),
                ViewExport.of("classes", "per-class accuracy and confusion matrix", classes));
    }

    private void initExports() {
        java.util.function.Consumer<String> onError = model::showError;
        java.util.List<ViewExport.Target> t = exportTargets();
        transport.setExports(t, onError);
        // right-click on a view: the same three items for that view
        ViewExport.contextMenu(masks, t.get(0), onError);
        ViewExport.contextMenu(diagram, t.get(2), onError);
        ViewExport.contextMenu(losses, t.get(3), onError);
        ViewExport.contextMenu(surface, t.get(4), onError);
        ViewExport.contextMenu(classes, t.get(5), onError);
    }

    private void initListeners() {
        initExports();
        model.errorProperty().addListener((obs, old, now) -> showError(now));
        model.pendingConfigProperty().addListener((obs, old, now) -> showAsk(now != null));
        // 2-D sets open on their surface, everything else on the classes
        model.configProperty().addListener((obs, old, now) -> selectLowerRight());
        selectLowerRight();
    }

    private void selectLowerRight() {
        boolean twoD = DatasetCatalog.isTwoD(model.config().data().name());
        lowerRight.getSelectionModel().select(twoD ? 0 : 1);
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

    public ConfusionView classes() {
        return classes;
    }

    /** The tabs of the lower right view: decision surface, classes. */
    public javafx.scene.control.TabPane lowerRight() {
        return lowerRight;
    }

    public HeadlineView headline() {
        return headline;
    }

    public StatusBarView status() {
        return status;
    }
}
