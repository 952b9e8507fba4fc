package org.mtudoctor.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that takes seconds to minutes: it makes or reads big captures, runs network namespaces,
 * spawns JVMs or other processes, runs tshark or tcpdump as an oracle, or reads the public
 * captures. {@code mvn test} leaves these out, so a developer's run stays well under a minute;
 * {@code mvn verify} (README's test command, and CI's) runs them in surefire's execution "slow".
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
public @interface Slow {
}
