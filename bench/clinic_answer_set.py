"""Questions a clinic answers itself (the articles do not cover them), each first as staff
approved it, then as other patients ask it. Written by hand for ``bench/clinic_answers.py``;
never used to choose anything in the runtime but the one similarity threshold it prints."""

from __future__ import annotations

ANSWERS: tuple[str, ...] = (
    "Yes, well-behaved dogs on a lead are welcome in the waiting room.",
    "There is free parking behind the building; the entrance is on Mill Lane.",
    "Call the front desk or reply here at least 24 hours before, and we will move it for you.",
    "We accept all major cards, contactless and bank transfer.",
    "Yes, there is a shower in the changing room next to the treatment rooms.",
    "Wear loose, comfortable clothes; shorts are useful for leg treatments.",
    "Most private insurers cover it; ask your insurer for a claim number before your first visit.",
    "We are open Saturday mornings from 9 to 1.",
    "Yes, one person may stay with you in the room.",
    "No referral is needed; you can book directly with us.",
    "Yes, the clinic is on the ground floor with step-free access and an accessible toilet.",
    "A session costs 60 pounds; the first assessment is 75 pounds.",
)

TOPICS: tuple[tuple[str, ...], ...] = (
    (
        "Can I bring my dog to my appointment?",
        "Is it ok to bring my dog along?",
        "are pets allowed at the clinic",
        "can my dog come with me to the session",
    ),
    (
        "Is there parking at the clinic?",
        "where can I park when I come in",
        "do you have a car park",
        "is parking free at your practice?",
    ),
    (
        "How do I cancel or move my appointment?",
        "I need to reschedule my session, how?",
        "can I change my booking to another day",
        "what if I can't make it to my appointment",
    ),
    (
        "Do you take card payments?",
        "can I pay by card",
        "what payment methods do you accept",
        "do you accept contactless",
    ),
    (
        "Is there a shower I can use after treatment?",
        "can I shower at the clinic afterwards",
        "do you have changing rooms with showers",
    ),
    (
        "What should I wear to my session?",
        "what clothes should I bring for needling",
        "do I need to wear shorts for my appointment",
    ),
    (
        "Does my health insurance cover dry needling here?",
        "will my insurance pay for the sessions",
        "can I claim the treatment on my insurance",
    ),
    (
        "Are you open on Saturdays?",
        "do you have weekend appointments",
        "can I book a session on a saturday",
    ),
    (
        "Can my partner come into the treatment room with me?",
        "is it ok if my husband sits in during the session",
        "can someone accompany me in the room",
    ),
    (
        "Do I need a referral from my GP?",
        "do I need a doctor's referral to book",
        "is a GP letter required before treatment",
    ),
    (
        "Is the clinic wheelchair accessible?",
        "is there step-free access to the building",
        "can I get in with a wheelchair",
    ),
    (
        "How much does a session cost?",
        "what's the price of one appointment",
        "how much do you charge per treatment",
    ),
)
