#include "store/memory_journal.hpp"

#include "store/event_json.hpp"

namespace huddle::store {

std::error_code MemoryJournal::append(const std::string& session_code, const std::vector<core::Event>& events) {
  std::lock_guard lock(mutex_);
  auto& stored = events_[session_code];
  stored.insert(stored.end(), events.begin(), events.end());
  return {};
}

void MemoryJournal::for_each(const std::string& session_code, const EventVisitor& visit) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(session_code);
  if (it == events_.end()) return;
  // The bytes are what the SQLite journal would store, so quotas count the same with either journal.
  for (const auto& event : it->second) visit(core::Event(event), event_to_json(event).dump().size());
}

std::vector<std::string> MemoryJournal::sessions() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> codes;
  for (const auto& [code, events] : events_) codes.push_back(code);
  return codes;
}

bool MemoryJournal::contains(const std::string& session_code) {
  std::lock_guard lock(mutex_);
  return events_.contains(session_code);
}

std::error_code MemoryJournal::remove(const std::string& session_code) {
  std::lock_guard lock(mutex_);
  events_.erase(session_code);
  return {};
}

std::error_code MemoryJournal::rewrite(const std::string& session_code, const Edit& edit) {
  std::lock_guard lock(mutex_);
  auto it = events_.find(session_code);
  if (it == events_.end()) return {};
  if (auto edited = edit(it->second)) it->second = std::move(*edited);
  return {};
}

}  // namespace huddle::store
