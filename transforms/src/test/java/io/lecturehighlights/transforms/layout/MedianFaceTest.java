package io.lecturehighlights.transforms.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lecturehighlights.transforms.media.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The person a period reports for framing: the median face inside its camera. */
class MedianFaceTest {
  private final Box camera = Box.ofSize(100, 100, 400, 300);

  @Test
  void strayDetectionsOutsideTheCameraAndOutliersDoNotMoveIt() {
    List<Box> faces = List.of(Box.ofSize(300, 150, 40, 40), Box.ofSize(310, 152, 44, 44), Box.ofSize(306, 148, 40, 40),
        // a face on the slides (outside the camera) and one false detection in a corner of it
        Box.ofSize(10, 10, 40, 40), Box.ofSize(460, 360, 30, 30));
    Box p = LayoutAnalyzer.medianFace(faces, camera);
    // Inside: three faces near (326, 170) and the corner one; centres and sizes are medians (the upper of two).
    assertEquals(Box.ofSize(312, 154, 40, 40), p, "median centre and size of the faces inside");
  }

  @Test
  void noFaceInsideIsNoPerson() {
    assertNull(LayoutAnalyzer.medianFace(List.of(Box.ofSize(10, 10, 40, 40)), camera));
    assertNull(LayoutAnalyzer.medianFace(List.of(), camera));
  }

  @Test
  void aFaceAtTheCameraEdgeIsClippedToIt() {
    Box p = LayoutAnalyzer.medianFace(List.of(Box.ofSize(470, 200, 40, 40)), camera);
    assertEquals(new Box(470, 200, 500, 240), p);
  }
}
