package io.lecturehighlights.pipeline.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lecturehighlights.transforms.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filters and pages of GET /api/jobs. */
class JobListingTest {
  private static final JobListing.Filter ANY = new JobListing.Filter(null, null, null);

  private static List<ObjectNode> jobs() {
    List<ObjectNode> jobs = new ArrayList<>();
    for (int i = 9; i >= 0; i--) { // out of order on purpose
      ObjectNode j = Json.MAPPER.createObjectNode();
      j.put("jobId", "job-" + i);
      j.put("status", i % 3 == 0 ? "failed" : "completed");
      j.putObject("metadata").put("course", i < 5 ? "PHYS 101" : "CHEM 100").put("semester", "fall-2026");
      jobs.add(j);
    }
    return jobs;
  }

  private static JsonNode of(List<ObjectNode> jobs, JobListing.Filter f, JobListing.Paging p) {
    return JobListing.of(jobs, f, p, j -> ApiJson.summary(j, null));
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("jobs").forEach(j -> ids.add(j.get("jobId").asText()));
    return ids;
  }

  @Test
  void offsetPagesAreInJobIdOrderWithTheTotal() {
    JsonNode first = of(jobs(), ANY, JobListing.paging("4", null, null));
    assertEquals(10, first.get("total").asInt());
    assertEquals(List.of("job-0", "job-1", "job-2", "job-3"), ids(first));
    JsonNode last = of(jobs(), ANY, JobListing.paging("4", "8", null));
    assertEquals(List.of("job-8", "job-9"), ids(last));
    assertTrue(last.get("nextCursor").isNull());
    assertEquals(0, of(jobs(), ANY, JobListing.paging("4", "50", null)).get("jobs").size());
  }

  @Test
  void cursorsWalkEveryJobOnceEvenWhenJobsAreAddedBetweenPages() {
    List<ObjectNode> jobs = jobs();
    JsonNode page = of(jobs, ANY, JobListing.paging("3", null, null));
    List<String> seen = new ArrayList<>(ids(page));
    // A job that sorts before the cursor arrives: an offset would now repeat job-2; the cursor does not.
    ObjectNode early = Json.MAPPER.createObjectNode().put("jobId", "job-00").put("status", "completed");
    jobs.add(early);
    while (!page.get("nextCursor").isNull()) {
      page = of(jobs, ANY, JobListing.paging("3", null, page.get("nextCursor").asText()));
      seen.addAll(ids(page));
    }
    assertEquals(List.of("job-0", "job-1", "job-2", "job-3", "job-4", "job-5", "job-6", "job-7", "job-8", "job-9"),
        seen);
  }

  @Test
  void filtersIgnoreCaseAndTheTotalCountsWhatPasses() {
    JsonNode phys = of(jobs(), new JobListing.Filter("phys 101", null, "FAILED"),
        JobListing.paging(null, null, null));
    assertEquals(List.of("job-0", "job-3"), ids(phys));
    assertEquals(2, phys.get("total").asInt());
    assertEquals(0, of(jobs(), new JobListing.Filter(null, "spring-2027", null),
        JobListing.paging(null, null, null)).get("total").asInt());
  }

  @Test
  void badParametersAre400WithTheReason() {
    assertTrue(assertThrows(ApiError.class, () -> JobListing.paging("0", null, null)).getMessage()
        .contains("between 1 and 500"));
    assertEquals(400, assertThrows(ApiError.class, () -> JobListing.paging("501", null, null)).status());
    assertEquals(400, assertThrows(ApiError.class, () -> JobListing.paging("ten", null, null)).status());
    assertEquals(400, assertThrows(ApiError.class, () -> JobListing.paging(null, "-1", null)).status());
    assertEquals(400, assertThrows(ApiError.class, () -> JobListing.paging(null, "0", "am9iLTE")).status());
    assertTrue(assertThrows(ApiError.class, () -> JobListing.paging(null, null, "%%%")).getMessage()
        .contains("cursor"));
    assertTrue(assertThrows(ApiError.class, () -> new JobListing.Filter(null, null, "done")).getMessage()
        .contains("completed, failed, queued, running"));
    // The database's statuses are valid everywhere: a folder (finished jobs only) just lists none.
    assertEquals(0, of(jobs(), new JobListing.Filter(null, null, "running"), JobListing.paging(null, null, null))
        .get("total").asInt());
  }
}
