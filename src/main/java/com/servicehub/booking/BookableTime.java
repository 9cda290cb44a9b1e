package com.servicehub.booking;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.servicehub.system.Timestamps;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A requested service time as text: an ISO-8601 instant within the booking window. Checked with
 * the body's other constraints, so a form learns of a bad date and a blank field in one answer;
 * {@link Booking#book} checks the window again against the moment the booking is made. A blank
 * value is left to {@code @NotBlank}.
 */
@Documented
@Constraint(validatedBy = BookableTime.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@interface BookableTime {

    String NOT_AN_INSTANT = "must be an ISO-8601 instant such as 2024-10-02T19:00:00.000Z";

    String message() default NOT_AN_INSTANT;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<BookableTime, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true;
            }
            Instant at;
            try {
                at = Instant.parse(value);
            } catch (DateTimeParseException ex) {
                return false;
            }
            Instant now = Timestamps.now();
            String problem = at.isBefore(now.minus(Booking.PAST_TOLERANCE))
                    ? Booking.IN_THE_PAST
                    : at.isAfter(now.plus(Booking.HORIZON)) ? Booking.BEYOND_HORIZON : null;
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
