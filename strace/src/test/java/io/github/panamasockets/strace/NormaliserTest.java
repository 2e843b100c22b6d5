/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.strace;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules' order: each rule runs after the rules whose results it reads, and a list that breaks that is refused. */
class NormaliserTest {

    @Test
    void everyRuleRunsAfterWhatItNeeds() {
        Set<Class<? extends Rule>> before = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Rule r : Normaliser.rules()) {
            assertTrue(before.containsAll(r.needs()), r.name() + " needs " + r.needs() + ", has run: " + before);
            assertTrue(names.add(r.name()), "two rules named " + r.name());
            assertFalse(r.description().isBlank(), r.name());
            before.add(r.getClass());
        }
    }

    @Test
    void aRuleBeforeWhatItReadsIsRefused() {
        List<String> lines = List.of("29190 20:22:10.239839 listen(3, 5) = 0", "29190 20:22:10.300000 +++ exited with 0 +++");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Normaliser.run(lines, Captured.options(0),
                List.of(new MergeResumedRule(), new PidNameRule(), new FollowForksRule(), new ProgramThreadRule())));
        assertTrue(e.getMessage().contains("pid-names"), e.getMessage());
    }
}
