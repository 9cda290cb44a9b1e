package com.servicehub.system;

/**
 * Query parameters read by hand, so a bad value is a field error in the contract's words rather
 * than Spring's conversion message. Their OpenAPI type is declared where they are used.
 */
public final class QueryParameters {

    private QueryParameters() {}

    /** A whole number in {@code min..max}; absent means {@code fallback}; anything else is a 400 naming {@code name}. */
    public static int wholeNumber(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ex) {
            // answered below like an out-of-range number
        }
        throw new InvalidRequestException(
                name,
                max == Integer.MAX_VALUE
                        ? "must be a whole number of at least " + min
                        : "must be a whole number from " + min + " to " + max);
    }
}
