// Campaign cursors: a cursor round-trips its position; anything the host did not sign for this
// sort is refused; and the order they page through is total (nulls last, ties by id).
#include "modules/dashboard/page_cursor.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <limits>
#include <roi/sdk/model.hpp>

using namespace roi::modules::dashboard;

namespace {

SortKey real(double v, std::int64_t id) {
  SortKey k;
  k.kind = SortKey::Kind::Real;
  k.real = v;
  k.id = id;
  return k;
}

class PageCursorTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PageCursorTest);
  CPPUNIT_TEST(cursor_round_trips_its_position);
  CPPUNIT_TEST(the_longest_name_pages_on_and_a_longer_one_is_refused);
  CPPUNIT_TEST(tampered_foreign_or_garbage_cursors_are_refused);
  CPPUNIT_TEST(nulls_sort_last_in_both_directions_and_ties_go_by_id);
  CPPUNIT_TEST_SUITE_END();

 public:
  void cursor_round_trips_its_position() {
    CursorCodec codec("k");
    SortKey text;
    text.kind = SortKey::Kind::Text;
    text.text = "Brand\n\"sale\" ✓";
    text.id = 42;
    auto back = codec.decode("name asc", codec.encode("name asc", text));
    CPPUNIT_ASSERT(back);
    CPPUNIT_ASSERT_EQUAL(text.text, back->text);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{42}, back->id);
    auto r = codec.decode("roas desc", codec.encode("roas desc", real(0.1 + 0.2, 7)));
    CPPUNIT_ASSERT(r && r->real == 0.1 + 0.2);
  }

  // A listing sorted by name pages on after the longest campaign name the host stores (multi-byte
  // characters, the longest sort name, the most negative id); a cursor that could only come from
  // a longer name is refused rather than read.
  void the_longest_name_pages_on_and_a_longer_one_is_refused() {
    CursorCodec codec("k");
    SortKey key;
    key.kind = SortKey::Kind::Text;
    key.id = std::numeric_limits<std::int64_t>::min();
    while (key.text.size() + 3 <= roi::sdk::kMaxCampaignNameBytes) key.text += "\xe2\x9c\x93";  // ✓
    key.text.append(roi::sdk::kMaxCampaignNameBytes - key.text.size(), 'x');
    const std::string sort = "attributedRevenue desc";
    const std::string cursor = codec.encode(sort, key);
    CPPUNIT_ASSERT(cursor.size() <= kMaxCursorChars);
    auto back = codec.decode(sort, cursor);
    CPPUNIT_ASSERT(back);
    CPPUNIT_ASSERT_EQUAL(key.text, back->text);
    CPPUNIT_ASSERT_EQUAL(key.id, back->id);

    key.text.append(kMaxCursorChars, 'x');
    CPPUNIT_ASSERT(!codec.decode(sort, codec.encode(sort, key)));
  }

  void tampered_foreign_or_garbage_cursors_are_refused() {
    CursorCodec codec("k");
    const std::string good = codec.encode("spend desc", real(1, 1));
    CPPUNIT_ASSERT(!codec.decode("spend asc", good));
    CPPUNIT_ASSERT(!CursorCodec("other key").decode("spend desc", good));
    std::string flipped = good;
    flipped[1] = flipped[1] == 'A' ? 'B' : 'A';
    CPPUNIT_ASSERT(!codec.decode("spend desc", flipped));
    for (const char* bad : {"", ".", "garbage", "a.b", "====.====", "\xff\xfe.x"}) {
      CPPUNIT_ASSERT(!codec.decode("spend desc", bad));
    }
  }

  void nulls_sort_last_in_both_directions_and_ties_go_by_id() {
    SortKey null_key;
    null_key.id = 1;
    for (bool desc : {false, true}) {
      CPPUNIT_ASSERT(sorts_before(real(5, 9), null_key, desc));
      CPPUNIT_ASSERT(!sorts_before(null_key, real(5, 9), desc));
      CPPUNIT_ASSERT(sorts_before(real(5, 2), real(5, 3), desc));
    }
    CPPUNIT_ASSERT(sorts_before(real(1, 9), real(2, 1), false));
    CPPUNIT_ASSERT(sorts_before(real(2, 9), real(1, 1), true));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PageCursorTest);

}  // namespace
