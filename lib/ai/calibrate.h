/* calibrate: temperature scaling of class scores and the calibration error. */
#ifndef DESKPILOT_AI_CALIBRATE_H
#define DESKPILOT_AI_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>

/* In place: p[i] = softmax(z / temperature)[i] for i < n. temperature > 0. */
void ai_softmax(float *z, size_t n, float temperature);

/* Mean negative log-likelihood of labels under softmax(scores / T), where
 * scores is n rows of stride floats (the first nclass used). */
double ai_calib_nll(const float *scores, size_t stride, uint32_t nclass, const uint32_t *labels,
                    size_t n, double temperature);

/* The temperature in [0.02, 50] that minimises ai_calib_nll (golden-section
 * search on log T; the NLL is convex in 1/T). Returns 1 when n == 0. */
double ai_calib_fit_temperature(const float *scores, size_t stride, uint32_t nclass,
                                const uint32_t *labels, size_t n);

/* Expected calibration error with nbins equal-width bins on the top-1
 * confidence: sum over bins of |accuracy - mean confidence| * share of rows. */
double ai_calib_ece(const float *confidence, const uint8_t *correct, size_t n, unsigned nbins);

#endif
