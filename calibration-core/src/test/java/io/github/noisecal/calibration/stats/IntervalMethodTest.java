package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class IntervalMethodTest {

    @ParameterizedTest
    @CsvSource({
        "WILSON, wilson", "WILSON_CC, wilson_cc", "CLOPPER_PEARSON, clopper_pearson", "JEFFREYS, jeffreys",
        "AGRESTI_COULL, agresti_coull",
    })
    void idsAreSnakeCaseNames(IntervalMethod method, String id) {
        assertEquals(id, method.id());
    }

    @ParameterizedTest
    @EnumSource(IntervalMethod.class)
    void idAndConstantNameBothParse(IntervalMethod method) {
        assertEquals(method, IntervalMethod.fromId(method.id()));
        assertEquals(method, IntervalMethod.fromId(method.name()));
        assertEquals(method, IntervalMethod.fromId(" " + method.id().toUpperCase() + " "));
        assertEquals(method, IntervalMethod.fromId(method.id().replace('_', '-')));
    }

    @Test
    void unknownIdsAreRejectedWithTheAcceptedValues() {
        var thrown = assertThrows(IllegalArgumentException.class, () -> IntervalMethod.fromId("wald"));
        assertEquals("interval method must be one of wilson, wilson_cc, clopper_pearson, jeffreys, agresti_coull,"
                + " got 'wald'", thrown.getMessage());
        assertEquals("id", assertThrows(NullPointerException.class, () -> IntervalMethod.fromId(null)).getMessage());
    }
}
