#pragma once
// A live network connection the server can ask to go away (shutdown).

namespace huddle::net {

class Connection {
 public:
  virtual ~Connection() = default;
  // Ends the connection soon: WebSockets close with 1001, HTTP connections just close. Any thread.
  virtual void shut_down() = 0;
};

}  // namespace huddle::net
