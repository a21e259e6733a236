package org.pernodedrop.lab.app;

import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.engine.train.ConfusionMatrix;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Classes view against a hand-computed three-class case. */
@ExtendWith(ApplicationExtension.class)
class ConfusionViewTest {

    private ConfusionView view;

    @Start
    void start(Stage stage) {
        view = new ConfusionView();
        stage.setScene(new Scene(view, 640, 420));
        stage.show();
    }

    @Test
    void showsTheHandComputedSharesAndAccuracies(FxRobot robot) {
        Locale was = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
        try {
            // cat (6): 5 cat, 1 dog; dog (10): 2 cat, 6 dog, 2 bird; bird (4): 4 bird
            ConfusionMatrix m = new ConfusionMatrix(List.of("cat", "dog", "bird"),
                    new long[]{5, 1, 0, 2, 6, 2, 0, 0, 4});
            robot.interact(() -> view.show(m, null));
            // by hand: 5/6 = 83 %, 6/10 = 60 %, 4/4 = 100 %; accuracy 15/20 = 75 %
            assertThat(view.accuracy(0)).isCloseTo(5.0 / 6, within(1e-9));
            assertThat(view.accuracy(1)).isCloseTo(0.6, within(1e-9));
            assertThat(view.accuracy(2)).isEqualTo(1.0);
            assertThat(view.cellText(1, 2)).isEqualTo("20%\n2");
            assertThat(view.cellText(0, 0)).isEqualTo("83%\n5");
            assertThat(view.cellText(2, 0)).isEqualTo("0%\n0");
            String said = view.canvas().getAccessibleText();
            assertThat(said).contains("accuracy 75%").contains("cat: 83%, most often taken for dog")
                    .contains("dog: 60%, most often taken for cat").contains("bird: 100%");

            // the picture: darker = larger share; bird's diagonal (1.0) darkest, dog->cat (0.2) lighter than
            // dog->dog (0.6), an empty cell (0.0) lightest
            WritableImage[] shot = new WritableImage[1];
            robot.interact(() -> shot[0] = view.canvas().snapshot(new SnapshotParameters(), null));
            double bird = brightness(shot[0], view.cellBounds(2, 2));
            double dogDog = brightness(shot[0], view.cellBounds(1, 1));
            double dogCat = brightness(shot[0], view.cellBounds(1, 0));
            double empty = brightness(shot[0], view.cellBounds(2, 0));
            assertThat(bird).isLessThan(dogDog);
            assertThat(dogDog).isLessThan(dogCat);
            assertThat(dogCat).isLessThan(empty);
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, was);
        }
    }

    @Test
    void multiLabelDataShowsPerLabelAccuracyOnly(FxRobot robot) {
        robot.interact(() -> view.show(null, new float[]{0.5f, 0.25f}));
        assertThat(view.accuracy(1)).isEqualTo(0.25);
        assertThat(view.cellText(0, 0)).isEmpty();
        assertThat(view.canvas().getAccessibleText()).contains("no confusion matrix");
    }

    /** Brightness at the centre of a cell (4 x 4 pixels, away from the printed numbers' strokes as far as can be). */
    private static double brightness(WritableImage img, double[] b) {
        PixelReader r = img.getPixelReader();
        double sum = 0;
        int n = 0;
        for (int dx = 2; dx < 6; dx++) {
            for (int dy = 2; dy < 6; dy++) {
                sum += r.getColor((int) (b[0] + dx), (int) (b[1] + dy)).getBrightness();
                n++;
            }
        }
        return sum / n;
    }
}
