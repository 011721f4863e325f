/**
 * Access control for object detectors by encrypting feature maps with a secret key (Nagamori, Ito, MaungMaung and
 * Kiya, IEICE Trans. Inf. & Syst. E106-D(1), 2023; docs/METHODS.md item 6). A {@link
 * dev.mamori.methods.accesscontrol.KeyedDetector} is a CenterNet-style detector with a keyed transform on the feature
 * map after a chosen backbone stage (or, the alternative the paper argues against, on the input images), placed by a
 * {@link dev.mamori.methods.accesscontrol.ProtectionScheme}; it is trained with the owner's key and performs only
 * with it. The transforms are in {@code transforms}; the experiment with its conditions (unprotected, right key, no
 * transform, wrong keys, input-image keys, a fine-tuning attacker), report and claims in {@code experiment}.
 */
package dev.mamori.methods.accesscontrol;
