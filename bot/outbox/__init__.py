"""The outbox: every message that must not be lost, written with the fact that caused it.

An alert to staff, the urgent reply to a patient, the answer to a check-in and its alert, the
scrub of an erased patient's details from staff chats: each is a row in the ``outbox`` table,
inserted in the same transaction as its cause (the alert, the check-in answer, the erasure), and
delivered by the paced reminder sender (``bot.aftercare.sender``) through the one send budget.
A failed request is retried with a capped back-off until it succeeds, Telegram refuses it for
good (400/403) or its deadline passes; network errors, 5xx answers and timeouts never use up a
give-up budget.

* ``effects`` — what a row says (pure data) and the back-off;
* ``store`` — the table and its state changes (SQL only);
* ``courier`` — one delivery attempt, its outcome, the hooks features hang on it, and the
  in-memory spill for the rare write the database refuses.
"""
