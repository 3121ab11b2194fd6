/* support_examples: a tiny labelled catalogue the model tests build real models from —
 * two intents of four examples each, and a third (refund) for tests that need three. */
#ifndef DESKPILOT_TESTS_SUPPORT_EXAMPLES_H
#define DESKPILOT_TESTS_SUPPORT_EXAMPLES_H

#include "ai/model.h"

#define SUPPORT_EXAMPLES_TWO 8 /* card_arrival and password_reset */
#define SUPPORT_EXAMPLES_ALL 12

static const struct ai_example support_examples[SUPPORT_EXAMPLES_ALL] = {
    {"where is my new card", "card_arrival"},
    {"my card has not arrived yet", "card_arrival"},
    {"when will my card arrive", "card_arrival"},
    {"card still not delivered", "card_arrival"},
    {"i forgot my password", "password_reset"},
    {"reset my password please", "password_reset"},
    {"cannot log in password wrong", "password_reset"},
    {"how do i change my password", "password_reset"},
    {"refund for my order", "refund"},
    {"i want my money back", "refund"},
    {"how do i get a refund", "refund"},
    {"refund has not been paid", "refund"},
};

#endif
