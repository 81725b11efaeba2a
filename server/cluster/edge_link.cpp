#include "cluster/edge_link.hpp"

namespace huddle::cluster {

void EdgeLink::add(Entry entry) {
  bool was_empty = false;
  {
    std::lock_guard lock(mutex_);
    was_empty = entries_.empty();
    if (entry.kind == EdgeRecord::Kind::push) {
      auto [it, fresh] = pushes_.emplace(entry.frame.get(), entries_.size());
      if (!fresh) {
        entries_[it->second].connections.push_back(entry.connections.front());
        return;
      }
    }
    entries_.push_back(std::move(entry));
  }
  if (was_empty && wake_) wake_();
}

void EdgeLink::reply(std::uint64_t connection, std::string text) {
  add({EdgeRecord::Kind::reply, {connection}, hub::Topic::session, nullptr, std::move(text), 0});
}

void EdgeLink::push(std::uint64_t connection, hub::Topic topic, hub::SharedFrame frame) {
  add({EdgeRecord::Kind::push, {connection}, topic, std::move(frame), {}, 0});
}

void EdgeLink::close(std::uint64_t connection, std::uint16_t code, std::string reason) {
  add({EdgeRecord::Kind::close, {connection}, hub::Topic::session, nullptr, std::move(reason), code});
}

std::string EdgeLink::take_batch() {
  std::vector<Entry> entries;
  {
    std::lock_guard lock(mutex_);
    entries.swap(entries_);
    pushes_.clear();
  }
  // Encoded outside the lock: the sessions go on adding to the next batch meanwhile.
  EdgeBatchWriter out;
  for (const auto& e : entries) {
    switch (e.kind) {
      case EdgeRecord::Kind::reply: out.reply(e.connections.front(), e.text); break;
      case EdgeRecord::Kind::close: out.close(e.connections.front(), e.code, e.text); break;
      case EdgeRecord::Kind::push: {
        std::optional<std::string_view> whole;
        if (e.frame->whole()) whole = e.frame->whole()->payload();
        out.push(e.topic, e.connections, e.frame->payload(), whole);
        break;
      }
    }
  }
  return out.take();
}

}  // namespace huddle::cluster
