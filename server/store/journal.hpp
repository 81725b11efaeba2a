#pragma once
// Where a session's durable events go, behind an interface so the embedded default and a networked store
// are interchangeable (DESIGN.md, store/). A request is acknowledged only after append() returned success.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "core/event.hpp"

namespace huddle::store {

class Journal {
 public:
  virtual ~Journal() = default;
  // Stores `events` (all durable) for the session, in order, atomically: all of them or none.
  virtual std::error_code append(const std::string& session_code, const std::vector<core::Event>& events) = 0;
  // Called with each stored event, oldest first, and the bytes it takes in the store (its serialized form).
  using EventVisitor = std::function<void(core::Event&& event, std::size_t stored_bytes)>;
  // Hands every event stored for the session to `visit`, oldest first, one at a time: a replay holds one
  // event (or one small chunk of them) in memory, not the session's whole history (a million superseded
  // ballots). Throws (CorruptEvent,
  // std::runtime_error) when what is stored cannot be read back faithfully: a session is never rebuilt from a
  // guess; `visit` may have seen the events before the bad one. `visit` must not call the journal.
  virtual void for_each(const std::string& session_code, const EventVisitor& visit) = 0;
  // Every event stored for the session, oldest first, all at once (tests and tools; replays use for_each).
  std::vector<core::Event> read(const std::string& session_code) {
    std::vector<core::Event> events;
    for_each(session_code, [&](core::Event&& event, std::size_t) { events.push_back(std::move(event)); });
    return events;
  }
  // The codes of every session with stored events, for recovery at start.
  virtual std::vector<std::string> sessions() = 0;
  // Whether anything is stored for the session (a new session must not reuse an ended one's code). Throws
  // JournalError when a networked store cannot be asked.
  virtual bool contains(const std::string& session_code) = 0;
  // Deletes everything stored for the session, so that none of its content can be read back, from the
  // journal or from its files' free space.
  virtual std::error_code remove(const std::string& session_code) = 0;

  // Given the session's whole stored history (oldest first), returns the history to keep in its place, or
  // nothing to leave it as it is.
  using Edit = std::function<std::optional<std::vector<core::Event>>(const std::vector<core::Event>& history)>;
  // Replaces the session's stored history with edit(history), atomically: an append never lands between the
  // read and the write, and a failure leaves the old history whole. What the edit dropped or changed cannot
  // be read back afterwards, from the journal or from its files' free space, as after remove(). For
  // forgetting what must no longer be stored (a poll switched to anonymous: poll.hpp); not for routine use,
  // since it rewrites the whole session.
  virtual std::error_code rewrite(const std::string& session_code, const Edit& edit) = 0;

  // Fencing, for a cluster (issue 17, docs/operations.md): the node that runs a session holds a lease on it
  // numbered `token`, and tokens only grow. claim() records that this journal now writes for the session
  // under `token`; from then on each of its appends (and rewrites, and removes) for that session stores the
  // token with the events and is refused with fenced() once any writer has claimed a higher token, so a
  // node that lost its lease (paused, cut off) cannot write over the new owner. claim() itself fails with
  // fenced() if a higher token was claimed already. A journal only one process writes has nothing to
  // fence: the default accepts everything.
  virtual std::error_code claim(const std::string& /*session_code*/, std::uint64_t /*token*/) { return {}; }
};

// What append() and claim() return when a newer lease holder has claimed the session: this node must stop
// running it (its clients reconnect and reach the new owner).
inline std::error_code fenced() { return std::make_error_code(std::errc::operation_not_permitted); }

}  // namespace huddle::store
