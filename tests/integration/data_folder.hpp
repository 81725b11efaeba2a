#pragma once
// A fresh, empty data folder for one test (for a server's journal), removed when the test ends, however it
// ends: a failed ASSERT leaves no folder behind.
#include <filesystem>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

namespace huddle::test {

struct DataFolder {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("huddle-data-" + std::to_string(::getpid()) + "-" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
  DataFolder() {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~DataFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  DataFolder(const DataFolder&) = delete;
  DataFolder& operator=(const DataFolder&) = delete;

  std::filesystem::path journal() const { return path / "huddle.db"; }
};

}  // namespace huddle::test
