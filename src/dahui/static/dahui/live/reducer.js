/* The live reducer: a snapshot plus the events after it gives the state a fresh snapshot
 * would show. Pure functions, no DOM, so the same file runs in the page and under node.
 *
 * A message is {epoch, seq, event}. The reducer returns
 *   - the new snapshot, when the event says everything needed to apply it;
 *   - the same snapshot, when the message is already in it (seq not beyond it);
 *   - null, when only a fresh snapshot can say what changed: a gap in the numbers, another
 *     epoch, or an event that carries ids but not the data the page shows.
 * Events set values (the current item is X, the poll is closed) rather than add to them,
 * so applying one that is already in the snapshot changes nothing.
 */
(function (root) {
  "use strict";

  function withPoll(snapshot, pollId, change) {
    const polls = snapshot.polls || [];
    if (!polls.some((poll) => poll.id === pollId)) return null;
    return Object.assign({}, snapshot, {
      polls: polls.map((poll) => (poll.id === pollId ? Object.assign({}, poll, change) : poll)),
    });
  }

  const appliers = {
    // A group's discussion summary: nothing in the snapshot shows it (the side-by-side page
    // refetches its own columns), so the phones and the hall screen keep their state.
    "discussion.summary": (snapshot) => snapshot,
    // The live snapshot carries no proposals: the pages that show them (the hall screen's
    // counts) read their own on the event, and nothing here changes.
    "proposal.changed": (snapshot) => snapshot,
    // An item id moves the hall's pointer to that item. A null id is sent both for "no
    // current item" and for "the agenda was reordered", so only a fresh snapshot can tell.
    "agenda.moved": (snapshot, event) => {
      const known = event.item_id !== null
        && snapshot.agenda.some((item) => item.id === event.item_id);
      return known ? Object.assign({}, snapshot, { current_item_id: event.item_id }) : null;
    },
    // Counts only grow while a poll is open, and two workers may deliver their counts out
    // of order, so the larger one wins. Opening, closing and results change more than an
    // event says (issued frozen, ballots sealed): those fetch a fresh snapshot.
    "poll.progress": (snapshot, event) => {
      const poll = (snapshot.polls || []).find((each) => each.id === event.poll_id);
      if (!poll || poll.state !== "open") return null;
      return withPoll(snapshot, event.poll_id, {
        returned: Math.max(poll.returned || 0, event.returned), issued: event.issued,
      });
    },
  };

  function applyEvent(snapshot, event) {
    const apply = appliers[event.type];
    return apply ? apply(snapshot, event) : null;
  }

  function applyMessage(snapshot, message) {
    if (message.seq === null || message.seq === undefined) {
      // Unnumbered (voting progress, sent only to the screen and staff): applied where it
      // can be; a missed one is made good by the next, so it never asks for a snapshot.
      const next = applyEvent(snapshot, message.event);
      return next === null ? snapshot : next;
    }
    if (snapshot.epoch === null || message.epoch !== snapshot.epoch) return null;
    if (message.seq <= snapshot.seq) return snapshot;
    if (message.seq !== snapshot.seq + 1) return null;
    const next = applyEvent(snapshot, message.event);
    return next === null ? null : Object.assign({}, next, { seq: message.seq });
  }

  /* Several messages in stream order; null as soon as one needs a fresh snapshot. */
  function applyMessages(snapshot, messages) {
    const ordered = messages.slice().sort((a, b) => a.seq - b.seq);
    let state = snapshot;
    for (const message of ordered) {
      state = applyMessage(state, message);
      if (state === null) return null;
    }
    return state;
  }

  const api = { applyEvent, applyMessage, applyMessages };
  root.DahuiReducer = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
