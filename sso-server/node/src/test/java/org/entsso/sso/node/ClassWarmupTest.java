package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link ClassWarmup} lists the classes of a jar or a class folder, and nothing else. */
class ClassWarmupTest {
    @Test
    void whenTheAnchorComesFromAJar_thenEveryClassOfTheJarIsListed() {
        assertThat(ClassWarmup.classNames(Test.class))
                .contains(Test.class.getName(), "org.junit.jupiter.api.Assertions")
                .noneMatch(n -> n.endsWith("module-info") || n.endsWith("package-info") || n.contains("/"));
    }

    @Test
    void whenTheAnchorComesFromAClassFolder_thenItsClassesAreListedByName() {
        assertThat(ClassWarmup.classNames(ClassWarmupTest.class))
                .contains(ClassWarmupTest.class.getName())
                .allMatch(n -> !n.endsWith(".class"));
    }
}
