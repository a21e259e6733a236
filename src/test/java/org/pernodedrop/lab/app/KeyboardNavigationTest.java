package org.pernodedrop.lab.app;

import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.AccessibleAttribute;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Accordion;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToolBar;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.app.experiments.ExperimentsTab;
import org.pernodedrop.lab.app.experiments.ExperimentsView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole window as a keyboard-only user and a screen-reader user meet it (issue 12): TAB reaches every enabled,
 * visible control of the single-run tab and of each experiments tab, in reading order (each step goes right along a
 * row, down, or on to a column further right), and SHIFT+TAB walks the same way back; a focused control shows a
 * ring in the light, dark and presentation themes; every control TAB reaches has a name a screen reader can say;
 * the single-letter keys type into a text field instead of driving the run; Enter and Space press a focused button.
 * <p>
 * The controls are found by walking the scene graph, not by their field names, so the test keeps its meaning when a
 * view is rebuilt: a control is expected when it is focus-traversable, enabled, shown (it and all its parents
 * visible, with a size) and on the selected tab.
 */
@ExtendWith(ApplicationExtension.class)
class KeyboardNavigationTest {

    private OpenLab open;
    private ExperimentsTab hook;
    private Preferences window;
    private Preferences exp;
    private Scene scene;

    @Start
    void start(Stage stage) {
        stage.setWidth(1400);
        stage.setHeight(900);
        open = OpenLab.on(stage, LabRuns.fake());
        scene = open.scene();
        window = Preferences.userRoot().node("org/pernodedrop/lab/test-window-" + System.nanoTime());
        exp = Preferences.userRoot().node("org/pernodedrop/lab/test-exp-" + System.nanoTime());
        hook = ExperimentsTab.install(stage, (BorderPane) scene.getRoot(), List.of(), window, exp, open.model());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (hook.isBuilt()) {
            WaitForAsyncUtils.asyncFx(() -> {
                hook.view().setDark(false);
                hook.view().setPresentation(false);
            }).get(10, TimeUnit.SECONDS);
        }
        WaitForAsyncUtils.asyncFx(hook::shutdown);
        open.close();
        window.removeNode();
        exp.removeNode();
    }

    // ---- the walk ----

    @Test
    void tabReachesEverySingleRunControlInReadingOrderAndShiftTabGoesBack(FxRobot robot) throws Exception {
        walkAndCheck(robot, "single run (as opened)");
        // switching tabs and back must not reorder the window (BorderPane children are re-added on a switch)
        robot.interact(() -> hook.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> hook.tabs().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        walkAndCheck(robot, "single run (after visiting the experiments)");
        // the error banner's Dismiss button shows with an error, and is reached like the rest
        robot.interact(() -> open.model().showError("a test error"));
        WaitForAsyncUtils.waitForFxEvents();
        Node dismiss = open.view().lookup("#dismiss-error");
        assertThat(dismiss.isVisible()).isTrue();
        List<String> problems = walk(robot, "single run with an error shown");
        assertThat(problems).isEmpty();
        robot.interact(() -> ((Button) dismiss).fire());
    }

    @Test
    void tabReachesEveryControlOfEachExperimentsTab(FxRobot robot) throws Exception {
        robot.interact(() -> hook.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        ExperimentsView ev = hook.view();
        int n = WaitForAsyncUtils.asyncFx(() -> ev.tabs().getTabs().size()).get(10, TimeUnit.SECONDS);
        assertThat(n).as("compare, sweep, generalization, teaching, uncertainty, search").isEqualTo(6);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            robot.interact(() -> ev.tabs().getSelectionModel().select(k));
            WaitForAsyncUtils.waitForFxEvents();
            String name = WaitForAsyncUtils.asyncFx(() -> ev.tabs().getTabs().get(k).getText()).get(10,
                    TimeUnit.SECONDS);
            problems.addAll(walk(robot, "experiments / " + name));
            // the generalization view holds a tab pane of its own: each of its tabs too
            TabPane sub = ev.generalization().tabs();
            if (ev.tabs().getTabs().get(k).getContent() != ev.generalization()) continue;
            int m = WaitForAsyncUtils.asyncFx(() -> sub.getTabs().size()).get(10, TimeUnit.SECONDS);
            for (int j = 1; j < m; j++) {
                int q = j;
                robot.interact(() -> sub.getSelectionModel().select(q));
                WaitForAsyncUtils.waitForFxEvents();
                problems.addAll(walk(robot, "experiments / " + name + " / " + sub.getTabs().get(q).getText()));
            }
            robot.interact(() -> sub.getSelectionModel().select(0));
        }
        assertThat(problems).isEmpty();
    }

    /** A control TAB should reach, and where it was when the walk began. */
    private record Target(Control control, Bounds at) {
    }

    private void walkAndCheck(FxRobot robot, String where) throws Exception {
        List<String> problems = walk(robot, where);
        assertThat(problems).as(where).isEmpty();
    }

    /** TABs round the window and back; what a keyboard or screen-reader user would trip over, one line each. */
    private List<String> walk(FxRobot robot, String where) throws Exception {
        List<Target> expected = WaitForAsyncUtils.asyncFx(() -> {
            List<Target> out = new ArrayList<>();
            collect(scene.getRoot(), out);
            return out;
        }).get(10, TimeUnit.SECONDS);
        assertThat(expected).as(where + ": controls to reach").hasSizeGreaterThan(3);
        Control first = expected.get(0).control();
        robot.interact(first::requestFocus);

        // TAB until the focus comes back to the first control (or far more presses than there are controls)
        List<Node> forward = new ArrayList<>();
        forward.add(focusOwner());
        int limit = 3 * expected.size() + 10;
        boolean cycled = false;
        for (int i = 0; i < limit && !cycled; i++) {
            robot.press(KeyCode.TAB).release(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
            Node f = focusOwner();
            cycled = f == forward.get(0);
            if (!cycled) forward.add(f);
        }
        List<Control> reached = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!cycled) problems.add("TAB never comes back to " + describe(first) + " (" + limit + " presses)");
        for (Node f : forward) {
            Target t = owner(expected, f);
            if (t == null) {
                problems.add("TAB stopped on " + describe(f) + ", which is hidden, disabled or off its tab");
            } else {
                reached.add(t.control());
            }
        }
        Set<Control> missed = new LinkedHashSet<>();
        for (Target t : expected) if (!reached.contains(t.control())) missed.add(t.control());
        for (Control c : missed) problems.add("TAB never reaches " + describe(c));

        // reading order: each step goes right along the row, down, or on to a column further right
        for (int i = 1; i < reached.size(); i++) {
            Target a = target(expected, reached.get(i - 1));
            Target b = target(expected, reached.get(i));
            if (!readingOrder(a.at(), b.at())) {
                problems.add("TAB goes back from " + describe(a.control()) + " to " + describe(b.control()));
            }
        }

        // SHIFT+TAB walks the same cycle backwards: from the first control to the last, and on back to the first
        List<Node> backward = new ArrayList<>();
        for (int i = 0; i < forward.size(); i++) {
            robot.press(KeyCode.SHIFT, KeyCode.TAB).release(KeyCode.TAB, KeyCode.SHIFT);
            WaitForAsyncUtils.waitForFxEvents();
            backward.add(focusOwner());
        }
        List<Node> expectBack = new ArrayList<>();
        for (int i = forward.size() - 1; i >= 0; i--) expectBack.add(forward.get(i));
        if (!backward.equals(expectBack)) {
            problems.add("SHIFT+TAB does not retrace TAB: " + names(backward) + " instead of " + names(expectBack));
        }

        // every stop has a name a screen reader can say
        for (Control c : reached) {
            if (accessibleName(c) == null) problems.add(describe(c) + " has no accessible name (label or text)");
        }
        if (!problems.isEmpty()) problems.add(0, where + ": TAB walk " + names(forward));
        return problems;
    }

    private Node focusOwner() throws Exception {
        return WaitForAsyncUtils.asyncFx(scene::getFocusOwner).get(10, TimeUnit.SECONDS);
    }

    /**
     * The controls a keyboard user should reach, in scene-graph order: focus-traversable, enabled and shown. Inside a
     * control only the content of the containers (scroll pane, the selected tab, split pane, tool bar) counts; the
     * rest of a control's children are its skin.
     */
    static void collect(Node n, List<Target> out) {
        if (!n.isVisible() || n.isDisabled()) return;
        if (n instanceof Control c) {
            if ((c.isFocusTraversable() || operable(c)) && c.getWidth() > 0 && c.getHeight() > 0) {
                out.add(new Target(c, c.localToScene(c.getLayoutBounds())));
            }
            for (Node inner : containerContent(c)) if (inner != null) collect(inner, out);
            return;
        }
        if (n instanceof Parent p) for (Node child : p.getChildrenUnmodifiable()) collect(child, out);
    }

    /**
     * Controls a mouse user operates, so a keyboard user must reach them too, whether or not they were made
     * focus-traversable: buttons of every kind, combo boxes, text inputs, sliders, spinners, choice boxes.
     */
    static boolean operable(Control c) {
        return c instanceof javafx.scene.control.ButtonBase || c instanceof javafx.scene.control.ComboBoxBase
                || c instanceof TextInputControl || c instanceof Slider || c instanceof javafx.scene.control.Spinner
                || c instanceof javafx.scene.control.ChoiceBox;
    }

    private static List<Node> containerContent(Control c) {
        if (c instanceof ScrollPane s) return java.util.Collections.singletonList(s.getContent());
        if (c instanceof TabPane t) {
            Tab sel = t.getSelectionModel().getSelectedItem();
            return java.util.Collections.singletonList(sel == null ? null : sel.getContent());
        }
        if (c instanceof TitledPane t) return t.isExpanded() ? java.util.Collections.singletonList(t.getContent())
                : List.of();
        if (c instanceof SplitPane s) return s.getItems();
        if (c instanceof ToolBar t) return t.getItems();
        if (c instanceof Accordion a) return new ArrayList<>(a.getPanes());
        return List.of();
    }

    /** The expected control that owns a focus owner (itself, or the control whose skin holds it). */
    private static Target owner(List<Target> expected, Node f) {
        for (Node n = f; n != null; n = n.getParent()) {
            Target t = target(expected, n);
            if (t != null) return t;
        }
        return null;
    }

    private static Target target(List<Target> expected, Node n) {
        for (Target t : expected) if (t.control() == n) return t;
        return null;
    }

    /**
     * Whether going from a to b reads on: b starts below a, or b is on a's row (their heights overlap) and further
     * right, or b starts in a column right of a (a new column may start higher up). 2 px of slack for borders.
     */
    static boolean readingOrder(Bounds a, Bounds b) {
        double slack = 2;
        if (b.getMinY() >= a.getMaxY() - slack) return true;
        boolean sameRow = b.getMinY() < a.getMaxY() && a.getMinY() < b.getMaxY();
        if (sameRow && b.getMinX() > a.getMinX()) return true;
        return b.getMinX() >= a.getMaxX() - slack;
    }

    /** What a screen reader says for a control, or null when it has nothing to say. */
    static String accessibleName(Control c) {
        if (nonBlank(c.getAccessibleText())) return c.getAccessibleText();
        if (c.queryAccessibleAttribute(AccessibleAttribute.LABELED_BY) instanceof Labeled l && nonBlank(l.getText())) {
            return l.getText();
        }
        if (c instanceof Labeled l && nonBlank(l.getText())) return l.getText();
        if (c instanceof TabPane t) {
            Tab sel = t.getSelectionModel().getSelectedItem();
            if (sel != null && nonBlank(sel.getText())) return sel.getText();
        }
        return null;
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String describe(Node n) {
        if (n == null) return "nothing";
        String s = n.getClass().getSimpleName();
        if (n.getId() != null) s += "#" + n.getId();
        if (n instanceof Labeled l && nonBlank(l.getText())) s += " '" + l.getText() + "'";
        if (n instanceof Control c && nonBlank(c.getAccessibleText())) s += " [" + c.getAccessibleText() + "]";
        if (n instanceof Control c && c.queryAccessibleAttribute(AccessibleAttribute.LABELED_BY) instanceof Labeled l) {
            s += " (" + l.getText() + ")";
        }
        if (n instanceof Control c && !nonBlank(c.getAccessibleText()) && !(n instanceof Labeled)
                && c.getTooltip() != null) {
            s += " {tip: " + c.getTooltip().getText() + "}";
        }
        return s;
    }

    private static String names(List<Node> nodes) {
        List<String> s = new ArrayList<>();
        for (Node n : nodes) s.add(describe(n));
        return String.join(" > ", s);
    }

    // ---- the keys ----

    @Test
    void singleLetterKeysTypeIntoATextFieldAndDriveTheRunElsewhere(FxRobot robot) throws Exception {
        LabModel model = open.model();
        TextInputControl field = first(TextInputControl.class);
        String kept = field.getText();
        robot.interact(() -> {
            field.requestFocus();
            field.setText("");
        });
        robot.type(KeyCode.SPACE, KeyCode.S, KeyCode.E, KeyCode.R, KeyCode.V);
        robot.write("?");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field.getText()).as("the keys were typed into " + describe(field)).isEqualTo(" serv?");
        assertThat(model.stateProperty().get()).as("no run started").isEqualTo(LabModel.RunState.IDLE);
        assertThat(LabApp.help(scene).isShowing()).as("? typed into the field opens no help").isFalse();
        // the field's own value back before the focus leaves it (it applies on focus loss)
        robot.interact(() -> field.setText(kept));

        // the same key on a control that does not take it (a slider) drives the run: the test above can fail
        Slider slider = first(Slider.class);
        robot.interact(slider::requestFocus);
        assertThat(scene.getFocusOwner()).as("the focus is on " + describe(slider)).isSameAs(slider);
        // what the window's key filter sees (for the message below): a modifier held down turns S into a chord
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        javafx.event.EventHandler<javafx.scene.input.KeyEvent> spy = e -> seen.add(e.getCode() + (e.isShiftDown()
                ? "+shift" : "") + (e.isControlDown() ? "+ctrl" : "") + (e.isAltDown() ? "+alt" : "")
                + (e.isMetaDown() ? "+meta" : ""));
        robot.interact(() -> scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, spy));
        // keys an earlier test class may have left pressed in the shared robot
        robot.release(new KeyCode[0]);
        robot.type(KeyCode.S);
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.stepProperty().get() >= 1
                    && model.stateProperty().get() == LabModel.RunState.PAUSED);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("S on " + describe(slider) + " did not step the run: state "
                    + model.stateProperty().get() + ", step " + model.stepProperty().get() + ", error '"
                    + model.errorProperty().get() + "', focus " + describe(scene.getFocusOwner())
                    + ", key presses seen " + seen, e);
        }
        robot.interact(() -> scene.removeEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, spy));
        robot.type(KeyCode.R);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.IDLE);
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> model.stateProperty().get() == LabModel.RunState.RUNNING);
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.PAUSED);
        robot.type(KeyCode.R);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.IDLE);

        // experiments: V and Space go into a text field there too, and V cycles the views elsewhere
        robot.interact(() -> hook.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        ExperimentsView ev = hook.view();
        WaitForAsyncUtils.waitForFxEvents();
        TextInputControl expField = first(TextInputControl.class);
        int tabBefore = ev.tabs().getSelectionModel().getSelectedIndex();
        String expKept = expField.getText();
        robot.interact(() -> {
            expField.requestFocus();
            expField.setText("");
        });
        robot.type(KeyCode.V, KeyCode.SPACE, KeyCode.S);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(expField.getText()).as("typed into " + describe(expField)).isEqualTo("v s");
        robot.interact(() -> expField.setText(expKept));
        assertThat(ev.tabs().getSelectionModel().getSelectedIndex()).as("V typed into a field cycles no view")
                .isEqualTo(tabBefore);
        Node bar = WaitForAsyncUtils.asyncFx(() -> ev.lookup("#open-session")).get(10, TimeUnit.SECONDS);
        robot.interact(bar::requestFocus);
        robot.type(KeyCode.V);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ev.tabs().getSelectionModel().getSelectedIndex()).as("V elsewhere shows the next view")
                .isEqualTo((tabBefore + 1) % ev.tabs().getTabs().size());
    }

    @Test
    void enterAndSpacePressTheFocusedButtonAndAClickLeavesTheFocusWhereItWas(FxRobot robot) throws Exception {
        LabModel model = open.model();
        Button step = (Button) open.view().lookup("#step-batch");
        Button reset = (Button) open.view().lookup("#reset");
        // reach Step the keyboard way: TAB from the window's first control
        robot.interact(() -> {
            List<Target> all = new ArrayList<>();
            collect(scene.getRoot(), all);
            all.get(0).control().requestFocus();
        });
        for (int i = 0; i < 40 && focusOwner() != step; i++) {
            robot.press(KeyCode.TAB).release(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(focusOwner()).as("TAB reaches the Step button").isSameAs(step);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.stepProperty().get() == 1
                && model.stateProperty().get() == LabModel.RunState.PAUSED);
        // Space on a focused button presses that button (one more step), it does not play
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.stepProperty().get() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(model.stateProperty().get()).as("Space on Step steps, it does not play")
                .isEqualTo(LabModel.RunState.PAUSED);
        robot.interact(reset::requestFocus);
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.IDLE);

        // Space toggles a focused check box (and starts no run)
        CheckBox box = first(CheckBox.class);
        boolean was = box.isSelected();
        robot.interact(box::requestFocus);
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(box.isSelected()).as("Space toggles " + describe(box)).isEqualTo(!was);
        assertThat(model.stateProperty().get()).isEqualTo(LabModel.RunState.IDLE);
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();

        // a mouse click on a transport button acts but leaves the focus (and a value being typed) where it was
        TextInputControl field = first(TextInputControl.class);
        robot.interact(field::requestFocus);
        robot.clickOn(step);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.stepProperty().get() >= 1);
        assertThat(focusOwner()).as("the field keeps the focus after a click on Step").isSameAs(field);
        robot.interact(model::reset);

        // the help overlay says what was just checked
        String help = LabApp.help(scene).text();
        assertThat(help).contains("Tab, Shift+Tab:").contains("Enter: presses the focused button")
                .contains("In a text field: every key types");
    }

    /** The first shown control of a kind on the selected tab, in scene-graph order. */
    private <T> T first(Class<T> kind) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<Target> all = new ArrayList<>();
            collect(scene.getRoot(), all);
            for (Target t : all) if (kind.isInstance(t.control())) return kind.cast(t.control());
            throw new AssertionError("no " + kind.getSimpleName() + " on the selected tab");
        }).get(10, TimeUnit.SECONDS);
    }

    // ---- the focus ring ----

    @Test
    void aFocusedControlShowsARingInEveryTheme(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("lab.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        robot.interact(() -> hook.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        ExperimentsView ev = hook.view();
        int inner = WaitForAsyncUtils.asyncFx(() -> ev.tabs().getTabs().size()).get(10, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>();
        for (String theme : List.of("light", "dark", "presentation")) {
            robot.interact(() -> {
                ev.setDark(theme.equals("dark"));
                ev.setPresentation(theme.equals("presentation"));
            });
            Color back = theme.equals("dark") ? Color.web("#1f272b") : Color.WHITE;
            robot.interact(() -> hook.tabs().getSelectionModel().select(0));
            WaitForAsyncUtils.waitForFxEvents();
            problems.addAll(WaitForAsyncUtils.asyncFx(() -> ringProblems(theme + " / single run", back))
                    .get(60, TimeUnit.SECONDS));
            // a focused button and a focused field, for people to look at
            Node step = open.view().lookup("#step-batch");
            robot.interact(step::requestFocus);
            write(region(open.view().transport()), dir.resolve("focus-button-" + theme + ".png"));
            TextInputControl field = first(TextInputControl.class);
            robot.interact(field::requestFocus);
            write(region(field.getParent()), dir.resolve("focus-field-" + theme + ".png"));

            robot.interact(() -> hook.tabs().getSelectionModel().select(1));
            for (int i = 0; i < inner; i++) {
                int k = i;
                robot.interact(() -> ev.tabs().getSelectionModel().select(k));
                WaitForAsyncUtils.waitForFxEvents();
                problems.addAll(WaitForAsyncUtils.asyncFx(() -> ringProblems(theme + " / experiments / "
                        + ev.tabs().getTabs().get(k).getText(), back)).get(60, TimeUnit.SECONDS));
                if (ev.tabs().getTabs().get(k).getContent() != ev.generalization()) continue;
                TabPane sub = ev.generalization().tabs();
                for (int j = 1; j < sub.getTabs().size(); j++) {
                    int q = j;
                    robot.interact(() -> sub.getSelectionModel().select(q));
                    WaitForAsyncUtils.waitForFxEvents();
                    problems.addAll(WaitForAsyncUtils.asyncFx(() -> ringProblems(theme + " / generalization / "
                            + sub.getTabs().get(q).getText(), back)).get(60, TimeUnit.SECONDS));
                }
                robot.interact(() -> sub.getSelectionModel().select(0));
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Each control of the selected tab drawn unfocused (the focus on the next control) and focused, on the FX thread
     * (the :focused style is applied before each picture): the controls that look the same either way.
     */
    private List<String> ringProblems(String where, Color back) {
        List<Target> all = new ArrayList<>();
        collect(scene.getRoot(), all);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Control c = all.get(i).control();
            // the focus on the next control outside this one (a tab pane's picture holds its content's controls), or
            // on the window's root when every other control is inside it
            Node away = scene.getRoot();
            for (int k = 1; k < all.size(); k++) {
                Control other = all.get((i + k) % all.size()).control();
                if (!inside(other, c)) {
                    away = other;
                    break;
                }
            }
            away.requestFocus();
            if (c.isFocused()) {
                problems.add(where + ": " + describe(c) + " keeps the focus when " + describe(away) + " asks for it");
                continue;
            }
            WritableImage plain = snapshot(c, back);
            c.requestFocus();
            if (!c.isFocused()) {
                problems.add(where + ": " + describe(c) + " does not take the focus");
                continue;
            }
            double ring = ringCoverage(plain, snapshot(c, back));
            if (ring < RING_COVERAGE) {
                problems.add(where + ": " + describe(c) + Numbers.format(" shows no focus ring (%.0f %% of an outline "
                        + "changed)", 100 * ring));
            }
        }
        return problems;
    }

    /**
     * A focus ring is an outline: the pixels that change when the control takes the focus must run round a box of at
     * least 8 x 8 px, along half its outline or more (a circle round a slider's thumb covers about 60 % of its
     * box's outline). A square corner where a round one was, or a caret, is not a ring.
     */
    static final double RING_COVERAGE = 0.5;

    /**
     * Of the outline of the box round every pixel that changed (by more than a quarter of the way from black to
     * white, Euclidean RGB), the share that has a changed pixel within 3 px inside it; 0 when the box is smaller
     * than 8 x 8 px or nothing changed.
     */
    static double ringCoverage(WritableImage a, WritableImage b) {
        int w = (int) Math.min(a.getWidth(), b.getWidth());
        int h = (int) Math.min(a.getHeight(), b.getHeight());
        PixelReader ra = a.getPixelReader();
        PixelReader rb = b.getPixelReader();
        boolean[][] changed = new boolean[h][w];
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Color p = ra.getColor(x, y);
                Color q = rb.getColor(x, y);
                double d = Math.sqrt(Math.pow(p.getRed() - q.getRed(), 2) + Math.pow(p.getGreen() - q.getGreen(), 2)
                        + Math.pow(p.getBlue() - q.getBlue(), 2));
                if (d > 0.25 * Math.sqrt(3)) {
                    changed[y][x] = true;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 - x0 + 1 < 8 || y1 - y0 + 1 < 8) return 0;
        int covered = 0;
        int total = 0;
        for (int x = x0; x <= x1; x++) {
            total += 2;
            if (any(changed, x, x, y0, y0 + 2)) covered++;
            if (any(changed, x, x, y1 - 2, y1)) covered++;
        }
        for (int y = y0; y <= y1; y++) {
            total += 2;
            if (any(changed, x0, x0 + 2, y, y)) covered++;
            if (any(changed, x1 - 2, x1, y, y)) covered++;
        }
        return covered / (double) total;
    }

    private static boolean any(boolean[][] m, int xa, int xb, int ya, int yb) {
        for (int y = ya; y <= yb; y++) for (int x = xa; x <= xb; x++) if (m[y][x]) return true;
        return false;
    }

    private static boolean inside(Node n, Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) if (p == ancestor) return true;
        return false;
    }

    /** The control alone on a background of the theme's colour, 4 px round it (FX thread). */
    private static WritableImage snapshot(Control c, Color back) {
        // the pulse would apply the :focused style; a picture between pulses applies it itself
        c.getScene().getRoot().applyCss();
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(back);
        // a node's snapshot is drawn where the node sits in its parent
        Bounds b = c.localToParent(c.getLayoutBounds());
        p.setViewport(new Rectangle2D(b.getMinX() - 4, b.getMinY() - 4, b.getWidth() + 8, b.getHeight() + 8));
        return c.snapshot(p, null);
    }

    private WritableImage region(Node n) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return WaitForAsyncUtils.asyncFx(() -> {
            scene.getRoot().applyCss();
            Bounds b = n.localToScene(n.getLayoutBounds());
            SnapshotParameters p = new SnapshotParameters();
            p.setViewport(new Rectangle2D(b.getMinX() - 6, b.getMinY() - 6, b.getWidth() + 12, b.getHeight() + 12));
            return scene.getRoot().snapshot(p, null);
        }).get(10, TimeUnit.SECONDS);
    }

    private static void write(WritableImage img, Path file) throws java.io.IOException {
        ScreenshotTest.write(img, file);
    }
}
