#pragma once
// What a run implements to hear from its WebSocket clients. One listener serves every client, so a client
// costs a reference, not a std::function per event.
#include <string>

#include "ws_message.hpp"

namespace huddle::load {

class WsClient;

class WsClientListener {
 public:
  virtual void on_message(WsClient& client, const WsMessage& message) = 0;
  // The connection ended without close() being called: the server closed it (with a close frame or just
  // the TCP connection), or an error; `reason` says which.
  virtual void on_closed(WsClient& client, const std::string& reason) = 0;

 protected:
  ~WsClientListener() = default;
};

}  // namespace huddle::load
