package com.servicehub.auth;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/** {@code GET /api/v2/admin/users?role=technician}: an admin pages through users to pick a technician. */
class UserListTests extends IntegrationTest {

    @Test
    void anAdminPagesThroughTheTechniciansOnly() {
        Session first = users.technician();
        Session second = users.technician();
        String admin = users.admin().accessToken();

        TestApi.Response page = api.get("/api/v2/admin/users?role=technician&page=0&size=1", admin);

        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        assertThat(page.body().propertyNames()).containsExactlyInAnyOrder("items", "page", "size", "total");
        assertThat(page.body().get("page").asInt()).isZero();
        assertThat(page.body().get("size").asInt()).isEqualTo(1);
        long total = page.body().get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(2);
        assertThat(page.body().get("items").size()).isEqualTo(1);
        JsonNode next = api.get("/api/v2/admin/users?role=technician&page=1&size=1", admin)
                .body()
                .get("items");
        assertThat(next.get(0).get("id"))
                .isNotEqualTo(page.body().get("items").get(0).get("id"));

        List<String> ids = new ArrayList<>();
        for (int number = 0; number * 100L < total; number++) {
            JsonNode items = api.get("/api/v2/admin/users?role=technician&page=" + number + "&size=100", admin)
                    .body()
                    .get("items");
            items.forEach(user -> {
                assertThat(user.get("role").asString()).isEqualTo("technician");
                assertThat(user.propertyNames()).containsExactlyInAnyOrder("id", "phone", "name", "role", "createdAt");
                ids.add(user.get("id").asString());
            });
        }
        assertThat(ids)
                .doesNotHaveDuplicates()
                .contains(first.id().toString(), second.id().toString());
    }

    @Test
    void withoutARoleEveryRoleIsListed() {
        TestApi.Response page =
                api.get("/api/v2/admin/users?size=100", users.admin().accessToken());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("size").asInt()).isEqualTo(100);
        assertThat(page.body().get("total").asLong()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aBadRolePageOrSizeIsAFieldError() {
        String admin = users.admin().accessToken();

        assertInvalid(api.get("/api/v2/admin/users?role=boss", admin), "role");
        assertInvalid(api.get("/api/v2/admin/users?page=-1", admin), "page");
        assertInvalid(api.get("/api/v2/admin/users?size=101", admin), "size");
        assertInvalid(api.get("/api/v2/admin/users?size=x", admin), "size");
    }

    @Test
    void onlyAdminsMayList() {
        assertProblem(
                api.get("/api/v2/admin/users?role=technician", users.customer().accessToken()), 403);
        assertProblem(
                api.get(
                        "/api/v2/admin/users?role=technician",
                        users.technician().accessToken()),
                403);
        assertProblem(api.get("/api/v2/admin/users?role=technician", null), 401);
    }
}
