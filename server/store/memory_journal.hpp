#pragma once
// A Journal held in memory: for tests and for running without a data folder. Nothing survives a restart.
#include <map>
#include <mutex>

#include "store/journal.hpp"

namespace huddle::store {

class MemoryJournal final : public Journal {
 public:
  std::error_code append(const std::string& session_code, const std::vector<core::Event>& events) override;
  void for_each(const std::string& session_code, const EventVisitor& visit) override;
  std::vector<std::string> sessions() override;
  bool contains(const std::string& session_code) override;
  std::error_code remove(const std::string& session_code) override;
  std::error_code rewrite(const std::string& session_code, const Edit& edit) override;

 private:
  std::mutex mutex_;  // sessions live on different strands and may append concurrently
  std::map<std::string, std::vector<core::Event>> events_;
};

}  // namespace huddle::store
