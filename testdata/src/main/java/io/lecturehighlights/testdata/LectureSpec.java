package io.lecturehighlights.testdata;

import java.util.List;

/**
 * Everything that defines one synthetic lecture. The generator turns it into a media file plus a
 * truth JSON; nothing random happens outside {@link #seed()}, so the same spec always gives the same truth.
 *
 * @param fileName            output file name (".mp4", or ".m4a" for audio-only)
 * @param width               frame width; 0 for audio-only
 * @param height              frame height; 0 for audio-only
 * @param layoutType          picture_in_picture, side_by_side, screen_only, or audio_only (no video)
 * @param screen              where slides are drawn (null for audio-only)
 * @param camera              where the camera inset is drawn (null if none)
 * @param leadingSilence      seconds before the first sentence
 * @param lines               the narration, each with the pause that follows it (the last one's is ignored)
 * @param trailingSilence     minimum seconds after the last sentence (rounded up to a whole video frame)
 * @param slides              slide contents, shown in order
 * @param slideAfterLine      the slide changes in the pause after these line indices (one per slide after the first)
 * @param noiseDbfs           RMS of added pink noise in dBFS (full scale = 1.0), or null for clean audio
 * @param seed                seeds the noise, the camera grain, blinks and slide decoration
 * @param lectureNumber       shown on the slides' footer
 * @param courseTitle         shown on the slides' footer
 * @param faceDetectable      whether OpenCV's Haar frontal-face cascade finds the cartoon face (measured by
 *                            FaceDetectabilityTest; null when there is no camera)
 */
public record LectureSpec(
        String fileName,
        int width,
        int height,
        String layoutType,
        Rect screen,
        Rect camera,
        double leadingSilence,
        List<Line> lines,
        double trailingSilence,
        List<Slide> slides,
        List<Integer> slideAfterLine,
        Double noiseDbfs,
        long seed,
        int lectureNumber,
        String courseTitle,
        Boolean faceDetectable) {

    /** One narrated sentence and the pause after it. */
    public record Line(String text, double gapAfter) {}

    /** One slide: a title, bullet lines and an optional simple diagram ("plot", "boxes", "wave", "none"). */
    public record Slide(String title, List<String> bullets, String diagram) {}

    public boolean hasVideo() {
        return width > 0;
    }

    public LectureSpec {
        if (slides != null && slideAfterLine != null && slides.size() != slideAfterLine.size() + 1) {
            throw new IllegalArgumentException(fileName + ": need one slideAfterLine entry per slide after the first");
        }
    }
}
