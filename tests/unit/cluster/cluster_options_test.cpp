#include <gtest/gtest.h>

#include "cluster/cluster_options.hpp"

namespace huddle::cluster {
namespace {

TEST(ClusterOptions, RedisUrlsNameAHostAndAPort) {
  auto o = parse_redis_url("redis://10.0.0.5:6380");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->redis_host, "10.0.0.5");
  EXPECT_EQ(o->redis_port, 6380);
  o = parse_redis_url("redis://cache.internal");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->redis_port, 6379);
  EXPECT_TRUE(parse_redis_url("redis://127.0.0.1:6379/0"));
  for (const char* bad : {"", "http://x:1", "redis://", "redis://h:0", "redis://h:70000", "redis://h:12ab", "redis://:6379"}) {
    EXPECT_FALSE(parse_redis_url(bad)) << bad;
  }
}

}  // namespace
}  // namespace huddle::cluster
