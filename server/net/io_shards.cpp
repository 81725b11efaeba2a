#include "net/io_shards.hpp"

#include <algorithm>

namespace huddle::net {

IoShards::IoShards(boost::asio::io_context& ioc, std::size_t count) {
  for (std::size_t i = 0; i < std::max<std::size_t>(count, 1); ++i) shards_.emplace_back(boost::asio::make_strand(ioc.get_executor()));
}

}  // namespace huddle::net
