#pragma once
// One end of the socket between huddle-load and a relay (relay_wire.hpp): records written here go out in
// batches (everything written while the last batch was being sent goes in the next one), and every whole
// record that arrives is handed to `on_record`. Both ends run it on their single io_context thread.
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "relay_wire.hpp"

namespace huddle::load {

class RelayChannel {
 public:
  using OnRecord = std::function<void(relay_wire::Kind, relay_wire::Reader&)>;
  using OnEnd = std::function<void(const std::string& why)>;

  // Takes `fd` (a connected Unix stream socket) over.
  RelayChannel(boost::asio::io_context& ioc, int fd, OnRecord on_record, OnEnd on_end);

  void start() { read(); }
  // Appends one record (`fill` puts its fields) and makes sure it is sent soon.
  template <class Fill>
  void write(relay_wire::Kind kind, Fill&& fill) {
    {
      relay_wire::Writer writer(pending_, kind);
      fill(writer);
    }
    schedule();
  }
  void close();

 private:
  void read();
  void schedule();
  void flush();

  boost::asio::local::stream_protocol::socket socket_;
  OnRecord on_record_;
  OnEnd on_end_;
  std::string in_, chunk_, pending_, sending_;
  bool writing_ = false, scheduled_ = false, ended_ = false;
};

}  // namespace huddle::load
