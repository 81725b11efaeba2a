#pragma once
// Where a session's durable events go, behind an interface so the embedded default and a networked store
// are interchangeable (DESIGN.md, store/). A request is acknowledged only after append() returned success.
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
  // Every event stored for the session, oldest first. Throws (CorruptEvent, std::runtime_error) when what is
  // stored cannot be read back faithfully: a session is never rebuilt from a guess.
  virtual std::vector<core::Event> read(const std::string& session_code) = 0;
  // The codes of every session with stored events, for recovery at start.
  virtual std::vector<std::string> sessions() = 0;
  // Whether anything is stored for the session (a new session must not reuse an ended one's code).
  virtual bool contains(const std::string& session_code) = 0;
  // Deletes everything stored for the session, so that none of its content can be read back, from the
  // journal or from its files' free space.
  virtual std::error_code remove(const std::string& session_code) = 0;
};

}  // namespace huddle::store
