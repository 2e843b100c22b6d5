/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_h;
import org.junit.jupiter.api.Test;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errno links each call again with errno capture, from a descriptor written out in its holder
 * class rather than taken from sockets_h (which would link a plain handle too). This keeps those
 * copies honest: each must equal the generated descriptor of the same name, and each symbol must
 * resolve to the generated binding's address, so regenerating the bindings from changed headers
 * fails here instead of at a call.
 */
class ErrnoDescriptorsTest {

    @Test
    void everyCapturingDescriptorIsTheGeneratedOne() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> holder : Errno.class.getDeclaredClasses()) {
            Field desc;
            try {
                desc = holder.getDeclaredField("DESC");
            } catch (NoSuchFieldException notAFunctionHolder) {
                continue;
            }
            String name = holder.getSimpleName();
            desc.setAccessible(true);
            FunctionDescriptor copy = (FunctionDescriptor) desc.get(null);
            FunctionDescriptor generated = (FunctionDescriptor) sockets_h.class.getMethod(name + "$descriptor").invoke(null);
            assertEquals(generated, copy, name + ": Errno's descriptor differs from the generated one");
            MemorySegment address = (MemorySegment) sockets_h.class.getMethod(name + "$address").invoke(null);
            assertEquals(address, Errno.SYMBOLS.find(name).orElseThrow(), name + ": a different symbol than the generated binding's");
            checked.add(name);
        }
        // the test must have looked at the calls it exists for
        assertTrue(checked.containsAll(List.of("socket", "bind", "listen", "accept", "connect", "send", "recv", "close",
                "fork", "waitpid")), "checked only " + checked);
    }

    @Test
    void everyPublicCallHasAHolderWithItsDescriptor() {
        Set<String> holders = new TreeSet<>();
        for (Class<?> holder : Errno.class.getDeclaredClasses()) {
            holders.add(holder.getSimpleName());
        }
        Set<String> missing = new TreeSet<>();
        for (Method m : Errno.class.getDeclaredMethods()) {
            boolean generatedName = List.of(sockets_h.class.getMethods()).stream().anyMatch(g -> g.getName().equals(m.getName() + "$descriptor"));
            // perror (void) is the generated, non-capturing call: it reports errno, it cannot fail
            boolean canFail = m.getReturnType() != void.class;
            if (Modifier.isPublic(m.getModifiers()) && generatedName && canFail && !holders.contains(m.getName())) {
                missing.add(m.getName());
            }
        }
        assertEquals(Set.of(), missing, "public calls of Errno with no holder class");
    }
}
