#pragma once
// Reads a file from tests/fixtures by its path below that folder.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace jiaxiao::testing {

inline std::string fixture(const std::string& name) {
  std::ifstream file(std::string(JIAXIAO_FIXTURES) + "/" + name, std::ios::binary);
  if (!file) throw std::runtime_error("missing fixture " + name);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

}  // namespace jiaxiao::testing
