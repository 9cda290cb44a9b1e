package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.example.servicehubclient.ApiClient;
import com.example.servicehubclient.ApiException;
import com.example.servicehubclient.api.AuthApi;
import com.example.servicehubclient.api.BookingsApi;
import com.example.servicehubclient.model.Booking;
import com.example.servicehubclient.model.Credentials;
import com.example.servicehubclient.model.NewBooking;
import com.example.servicehubclient.model.Session;
import com.example.servicehubclient.model.User;
import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

/**
 * The client that openapi-generator (generator {@code java}, library {@code native}) builds from
 * {@code docs/openapi.json} in this build's generate-test-sources step works against a real node:
 * it logs in, reads typed enums, sends an Idempotency-Key, and reads a problem from an error.
 */
class GeneratedClientTests extends IntegrationTest {

    @Test
    void theGeneratedClientLogsIn() throws ApiException {
        ApiClient client = client(null);

        Session session = new AuthApi(client)
                .login(new Credentials().phone(TestUsers.DEMO_ADMIN_PHONE).password(TestUsers.PASSWORD));

        assertThat(session.getAccessToken()).isNotBlank();
        assertThat(session.getTokenType()).isEqualTo("Bearer");
        assertThat(session.getUser().getRole()).isEqualTo(User.RoleEnum.ADMIN);
        User me = new AuthApi(client(session.getAccessToken())).getCurrentUser();
        assertThat(me.getId()).isEqualTo(session.getUser().getId());
    }

    @Test
    void aCustomerBooksTwiceWithOneKeyAndGetsOneBooking() throws ApiException {
        TestUsers.Session customer = users.customer();
        BookingsApi bookings = new BookingsApi(client(customer.accessToken()));
        NewBooking request = new NewBooking()
                .serviceType("Plumbing")
                .address("12 King Fahd Road")
                .scheduledAt(OffsetDateTime.now().plusDays(1));
        String key = UUID.randomUUID().toString();

        Booking first = bookings.createBooking(request, key);
        Booking retry = bookings.createBooking(request, key);

        assertThat(first.getStatus()).isEqualTo(Booking.StatusEnum.PENDING);
        assertThat(retry.getId()).isEqualTo(first.getId());
    }

    @Test
    void anErrorArrivesAsAProblemTheClientCanRead() {
        ApiException failure = catchThrowableOfType(
                ApiException.class,
                () -> new AuthApi(client(null))
                        .login(new Credentials().phone(TestUsers.randomPhone()).password("wrong-password")));

        assertThat(failure.getCode()).isEqualTo(401);
        assertThat(failure.getResponseHeaders().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(TestApi.JSON
                        .readTree(failure.getResponseBody())
                        .get("status")
                        .asInt())
                .isEqualTo(401);
    }

    private ApiClient client(String accessToken) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        if (accessToken != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + accessToken));
        }
        return client;
    }
}
