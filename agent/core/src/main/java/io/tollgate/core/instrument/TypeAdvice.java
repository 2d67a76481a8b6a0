package io.tollgate.core.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Advice class {@code adviceClass} applied to the methods {@code methods} of the types {@code types}. */
public record TypeAdvice(
    ElementMatcher<? super TypeDescription> types,
    ElementMatcher<? super MethodDescription> methods,
    String adviceClass) {}
