/* calibrate: temperature fitting (golden-section search) and ECE. */
#include "ai/calibrate.h"

#include <math.h>

void ai_softmax(float *z, size_t n, float temperature)
{
    if (n == 0)
        return;
    float inv = 1.0f / temperature, m = z[0];
    for (size_t i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        z[i] = expf((z[i] - m) * inv);
        sum += z[i];
    }
    float r = (float)(1.0 / sum);
    for (size_t i = 0; i < n; i++)
        z[i] *= r;
}

double ai_calib_nll(const float *scores, size_t stride, uint32_t nclass, const uint32_t *labels,
                    size_t n, double temperature)
{
    if (n == 0)
        return 0;
    double inv = 1.0 / temperature, total = 0;
    for (size_t r = 0; r < n; r++) {
        const float *z = scores + r * stride;
        double m = z[0];
        for (uint32_t c = 1; c < nclass; c++)
            if (z[c] > m)
                m = z[c];
        double sum = 0;
        for (uint32_t c = 0; c < nclass; c++)
            sum += exp((z[c] - m) * inv);
        total += log(sum) - (z[labels[r]] - m) * inv;
    }
    return total / (double)n;
}

double ai_calib_fit_temperature(const float *scores, size_t stride, uint32_t nclass,
                                const uint32_t *labels, size_t n)
{
    if (n == 0)
        return 1.0;
    const double g = 0.6180339887498949;
    double a = log(0.02), b = log(50.0);
    double x1 = b - g * (b - a), x2 = a + g * (b - a);
    double f1 = ai_calib_nll(scores, stride, nclass, labels, n, exp(x1));
    double f2 = ai_calib_nll(scores, stride, nclass, labels, n, exp(x2));
    for (int it = 0; it < 60 && b - a > 1e-5; it++) {
        if (f1 < f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = b - g * (b - a);
            f1 = ai_calib_nll(scores, stride, nclass, labels, n, exp(x1));
        } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = a + g * (b - a);
            f2 = ai_calib_nll(scores, stride, nclass, labels, n, exp(x2));
        }
    }
    return exp((a + b) / 2);
}

double ai_calib_ece(const float *confidence, const uint8_t *correct, size_t n, unsigned nbins)
{
    if (n == 0 || nbins == 0)
        return 0;
    double conf_sum[64] = {0}, acc_sum[64] = {0};
    size_t count[64] = {0};
    if (nbins > 64)
        nbins = 64;
    for (size_t i = 0; i < n; i++) {
        double c = confidence[i];
        unsigned b = c >= 1.0 ? nbins - 1 : c <= 0 ? 0 : (unsigned)(c * nbins);
        if (b >= nbins)
            b = nbins - 1;
        conf_sum[b] += c;
        acc_sum[b] += correct[i] ? 1.0 : 0.0;
        count[b]++;
    }
    double ece = 0;
    for (unsigned b = 0; b < nbins; b++)
        if (count[b])
            ece += fabs(acc_sum[b] - conf_sum[b]) / (double)n;
    return ece;
}
