#pragma once
// Raises this process's open-file limit (RLIMIT_NOFILE) to its hard limit: every client is a socket, and
// the usual soft limit (1024) would stop a run at a thousand clients. Returns the limit now in force.
#include <cstddef>

namespace huddle::load {

std::size_t raise_fd_limit();

}  // namespace huddle::load
