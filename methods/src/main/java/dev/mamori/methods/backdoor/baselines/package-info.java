/**
 * The baselines every backdoor defense is compared with, on the same samples: fine-tuning, fine-pruning (Liu et al.
 * 2018), NAD (Li et al. 2021), ANP (Wu and Wang 2021), I-BAU (Zeng et al. 2022) and Neural Cleanse unlearning (Wang
 * et al. 2019). Each class comment says where our version differs from the reference code.
 */
package dev.mamori.methods.backdoor.baselines;
