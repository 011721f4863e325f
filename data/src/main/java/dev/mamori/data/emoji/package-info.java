/**
 * Real colour images with labels and captions from npm packages of professionally drawn emoji:
 *
 * <ul>
 *   <li>{@link dev.mamori.data.emoji.EmojiViews}: emoji-category (nine categories, every vendor's rendering) and
 *       emoji-faces (person and face emoji with skin tone, gender, hair, eyeglasses and beard labels), from
 *       emoji-datasource's emoji.json ({@link dev.mamori.data.emoji.EmojiMetadata}) and the 64x64 PNGs of
 *       emoji-datasource-google and -twitter (apple and facebook on request: {@link dev.mamori.data.emoji.EmojiVendor}
 *       says each set's licence).</li>
 *   <li>{@link dev.mamori.data.emoji.OpenmojiSketchView}: openmoji-sketch, pairs of black line art and colour
 *       renderings of the same emoji, rendered from OpenMoji's SVGs with JSVG.</li>
 * </ul>
 *
 * Examples are typed: {@link dev.mamori.data.emoji.EmojiExample} (image, category, glyph, vendor, caption),
 * {@link dev.mamori.data.emoji.EmojiFaceExample} (also {@link dev.mamori.data.emoji.FaceAttributes}, multi-hot),
 * {@link dev.mamori.data.emoji.SketchPair} (line art, colour, caption). All images are RGB composited on white;
 * decoded pixels are cached under the data root ({@link dev.mamori.data.formats.PixelCache}) so that a second open
 * takes a fraction of a second. Options ({@link dev.mamori.data.emoji.EmojiViewOptions}): size, split (identity or
 * vendor), vendors, test-vendor, test-fraction, seed, skin-tones, target.
 */
package dev.mamori.data.emoji;
