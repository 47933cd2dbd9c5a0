package io.lecturehighlights.transforms.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ApiKeysTest {
  @Test
  void theKeyAndItsLongPrefixNeverShow() {
    String key = "sk-test-0123456789abcdef";
    assertEquals("401: invalid key ***", ApiKeys.mask("401: invalid key " + key, key));
    assertEquals("key ***wxyz was revoked", ApiKeys.mask("key " + key.substring(0, key.length() - 4)
        + "wxyz was revoked", key), "an echo with the last characters changed");
    assertEquals("***9abc", ApiKeys.mask(key.substring(0, key.length() - 4) + "9abc", key));
  }

  @Test
  void shortKeysNullTextAndNoKey() {
    assertEquals("bad *** here", ApiKeys.mask("bad abc here", "abc"));
    assertEquals("ab stays", ApiKeys.mask("ab stays", "abc"), "a short key's prefix is not masked");
    assertEquals("", ApiKeys.mask(null, "abc"));
    assertEquals("text", ApiKeys.mask("text", ""));
    assertEquals("text", ApiKeys.mask("text", null));
  }
}
