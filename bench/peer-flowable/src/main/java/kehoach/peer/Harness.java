package kehoach.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.task.api.Task;

/**
 * The Flowable 7 peer of Kehoach's bench: one program, no Spring. It reads one JSON file written by
 * bench/peer.ts (the compiled seed plan, the rehearsal clock, the database, and the unit actions the
 * Temporal side took, one list per conference), builds a BPMN process for the plan, deploys it to
 * an embedded process engine on the given PostgreSQL, replays the actions against fresh process
 * instances (one thread per conference, side by side) and prints the figures as JSON on stdout.
 *
 * <p>Usage: java -cp … kehoach.peer.Harness input.json [bpmn-out.xml]
 */
public final class Harness {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY_MS = 86_400_000L;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: Harness input.json [bpmn-out.xml]");
      System.exit(2);
    }
    JsonNode input = JSON.readTree(Files.readAllBytes(Path.of(args[0])));
    JsonNode db = input.get("database");
    JsonNode plan = input.get("plan");
    String bpmn = Bpmn.of(plan);
    if (args.length > 1) Files.writeString(Path.of(args[1]), bpmn);

    ensureDatabase(db);
    String url = db.get("url").asText();
    int conferences = input.get("conferences").size();
    StandaloneProcessEngineConfiguration cfg = new StandaloneProcessEngineConfiguration();
    cfg.setJdbcUrl(url);
    cfg.setJdbcDriver("org.postgresql.Driver");
    cfg.setJdbcUsername(db.get("user").asText());
    cfg.setJdbcPassword(db.get("password").asText());
    cfg.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
    cfg.setAsyncExecutorActivate(true);
    cfg.setJdbcMaxActiveConnections(Math.max(10, conferences + 5));
    cfg.setHistoryLevel(HistoryLevel.AUDIT);
    long t0 = System.nanoTime();
    ProcessEngine engine = cfg.buildProcessEngine();
    double engineStartMs = (System.nanoTime() - t0) / 1e6;
    try {
      Deployment deployment =
          engine
              .getRepositoryService()
              .createDeployment()
              .name("kehoach-peer")
              .addInputStream("kehoach-seed.bpmn20.xml", new ByteArrayInputStream(bpmn.getBytes(StandardCharsets.UTF_8)))
              .deploy();
      ProcessDefinition definition =
          engine
              .getRepositoryService()
              .createProcessDefinitionQuery()
              .deploymentId(deployment.getId())
              .singleResult();
      ObjectNode out = JSON.createObjectNode();
      out.put("flowable", ProcessEngine.VERSION);
      out.put("java", System.getProperty("java.version"));
      out.put("engineStartMs", round(engineStartMs));
      out.put("historyLevel", cfg.getHistoryLevel().getKey());
      out.put("processDefinition", definition.getKey() + ":" + definition.getVersion());
      out.put("userTasksInModel", Bpmn.userTaskCount(bpmn));
      serverFacts(db, out);

      Replay replay = new Replay(engine, definition.getId(), plan, input.get("clock"));
      // Warm-up: the first conference's actions, once, alone; not counted.
      JsonNode warm = input.get("conferences").get(0);
      Result warmResult = replay.run(List.of(warm));
      out.put("warmupActions", warmResult.latenciesMs.size());
      out.put("warmupErrors", warmResult.errors.get());

      List<JsonNode> lists = new ArrayList<>();
      input.get("conferences").forEach(lists::add);
      Result result = replay.run(lists);
      double[] sorted = result.latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      out.put("conferences", lists.size());
      out.put("actions", sorted.length);
      out.put("errors", result.errors.get());
      out.put("retries", result.retries.get());
      out.put("wallSeconds", round(result.wallMs / 1000));
      out.put("actionsPerSecond", round(sorted.length / (result.wallMs / 1000)));
      ObjectNode latency = out.putObject("latencyMs");
      latency.put("n", sorted.length);
      latency.put("p50", round(percentile(sorted, 50)));
      latency.put("p95", round(percentile(sorted, 95)));
      latency.put("p99", round(percentile(sorted, 99)));
      latency.put("max", sorted.length == 0 ? Double.NaN : round(sorted[sorted.length - 1]));
      double[] complete = result.completeMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      ObjectNode completeOnly = out.putObject("completeOnlyLatencyMs");
      completeOnly.put("n", complete.length);
      completeOnly.put("p50", round(percentile(complete, 50)));
      completeOnly.put("p95", round(percentile(complete, 95)));
      completeOnly.put("p99", round(percentile(complete, 99)));
      out.put("instancesEnded", result.ended.get());
      out.put("openTimerJobs", engine.getManagementService().createTimerJobQuery().count());
      ArrayNode errs = out.putArray("firstErrors");
      result.firstErrors.forEach(errs::add);
      out.put("jvmRssMiB", round(rssBytes() / 1048576.0));
      Runtime rt = Runtime.getRuntime();
      out.put("jvmHeapUsedMiB", round((rt.totalMemory() - rt.freeMemory()) / 1048576.0));
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    } finally {
      engine.close();
    }
  }

  /** Flowable's own database in the same PostgreSQL server, created when missing. */
  private static void ensureDatabase(JsonNode db) throws Exception {
    String admin = db.get("adminUrl").asText();
    String name = db.get("database").asText();
    if (!name.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("database name: " + name);
    try (Connection c = DriverManager.getConnection(admin, db.get("user").asText(), db.get("password").asText());
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        if (rs.next()) return;
      }
      s.execute("CREATE DATABASE " + name);
    }
  }

  private static void serverFacts(JsonNode db, ObjectNode out) throws Exception {
    try (Connection c =
            DriverManager.getConnection(db.get("url").asText(), db.get("user").asText(), db.get("password").asText());
        Statement s = c.createStatement()) {
      for (String setting : new String[] {"server_version", "synchronous_commit", "fsync", "wal_sync_method"}) {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
          rs.next();
          out.put(setting.equals("server_version") ? "postgres" : setting, rs.getString(1));
        }
      }
      out.put("jdbcAutoCommitDefault", c.getAutoCommit());
    }
  }

  static final class Result {
    final List<Double> latenciesMs = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The complete() call alone, without the task query before it. */
    final List<Double> completeMs = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
    double wallMs;

    void error(String what) {
      errors.incrementAndGet();
      if (firstErrors.size() < 5) firstErrors.add(what);
    }
  }

  /** Replays unit actions on fresh process instances, one thread per conference. */
  static final class Replay {
    private final ProcessEngine engine;
    private final String definitionId;
    private final JsonNode plan;
    private final JsonNode clock;

    Replay(ProcessEngine engine, String definitionId, JsonNode plan, JsonNode clock) {
      this.engine = engine;
      this.definitionId = definitionId;
      this.plan = plan;
      this.clock = clock;
    }

    Result run(List<JsonNode> conferences) throws Exception {
      Result result = new Result();
      RuntimeService runtime = engine.getRuntimeService();
      // Instances are started before the clock runs, as the Temporal side starts its conferences first.
      List<String> instances = new ArrayList<>();
      for (int i = 0; i < conferences.size(); i++) {
        instances.add(runtime.startProcessInstanceById(definitionId, startVariables()).getId());
      }
      ExecutorService pool = Executors.newFixedThreadPool(conferences.size());
      try {
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < conferences.size(); i++) {
          String instance = instances.get(i);
          JsonNode actions = conferences.get(i);
          done.add(pool.submit(() -> replayOne(instance, actions, result)));
        }
        for (Future<?> f : done) f.get();
        result.wallMs = (System.nanoTime() - start) / 1e6;
      } finally {
        pool.shutdown();
      }
      for (String instance : instances) {
        if (runtime.createProcessInstanceQuery().processInstanceId(instance).count() == 0) result.ended.incrementAndGet();
      }
      return result;
    }

    private void replayOne(String instance, JsonNode actions, Result result) {
      TaskService tasks = engine.getTaskService();
      for (JsonNode action : actions) {
        String key = action.get("key").asText();
        String unit = action.get("unit").asText();
        Map<String, Object> vars = variables(action);
        // One action: find the unit's open user task by its definition key and the unit as
        // candidate group, and complete it (the call that commits); both are timed.
        boolean ok = false;
        String last = "no open user task with this key for this unit";
        for (int attempt = 0; attempt < 50 && !ok; attempt++) {
          long t = System.nanoTime();
          try {
            List<Task> found =
                tasks
                    .createTaskQuery()
                    .processInstanceId(instance)
                    .taskDefinitionKey(key)
                    .taskCandidateGroup(unit)
                    .listPage(0, 1);
            if (found.isEmpty()) {
              result.retries.incrementAndGet();
              sleep(20);
              continue;
            }
            long c = System.nanoTime();
            tasks.complete(found.get(0).getId(), vars);
            long end = System.nanoTime();
            result.latenciesMs.add((end - t) / 1e6);
            result.completeMs.add((end - c) / 1e6);
            ok = true;
          } catch (RuntimeException e) {
            result.retries.incrementAndGet();
            last = e.getMessage();
            sleep(20);
          }
        }
        if (!ok) result.error(key + " by " + unit + ": " + last);
      }
    }

    private Map<String, Object> variables(JsonNode action) {
      Map<String, Object> vars = new HashMap<>();
      String prefix = action.get("key").asText().replaceAll("__.*$", "");
      String name = action.get("action").asText();
      vars.put(prefix + "_by", action.get("unit").asText());
      vars.put(prefix + "_person", action.path("person").asText(""));
      if (name.equals("approve") || name.equals("sendBack")) vars.put(prefix + "_decision", name);
      if (action.hasNonNull("reason")) vars.put(prefix + "_reason", action.get("reason").asText());
      if (action.hasNonNull("note")) vars.put(prefix + "_note", action.get("note").asText());
      JsonNode fields = action.get("fields");
      if (fields != null) {
        fields.fields().forEachRemaining(f -> vars.put(prefix + "_f_" + f.getKey(), f.getValue().isInt() ? (Object) f.getValue().asInt() : f.getValue().asText()));
      }
      JsonNode evidence = action.get("evidence");
      if (evidence != null && evidence.size() > 0) {
        List<String> links = new ArrayList<>();
        evidence.forEach(e -> links.add(e.asText()));
        vars.put(prefix + "_evidence", String.join("\n", links));
      }
      return vars;
    }

    /**
     * Per instance: the signers of each sign-off (the multi-instance collections) and every
     * deadline and reminder as a real instant, by the same rehearsal clock the Temporal side
     * runs on, started now.
     */
    private Map<String, Object> startVariables() {
      Map<String, Object> vars = new HashMap<>();
      long realStart = System.currentTimeMillis();
      long planStart = Instant.parse(clock.get("planStart").asText()).toEpochMilli();
      long msPerPlanDay = clock.get("msPerPlanDay").asLong();
      for (JsonNode r : plan.get("responsibilities")) {
        for (JsonNode t : r.get("tasks")) {
          String key = t.get("key").asText();
          if (t.has("signers")) {
            List<String> signers = new ArrayList<>();
            t.get("signers").forEach(s -> signers.add(s.asText()));
            vars.put("signers_" + key, signers);
          }
          for (JsonNode timer : t.get("timers")) {
            long plan = Instant.parse(timer.get("at").asText()).toEpochMilli();
            long real = realStart + (long) Math.ceil((double) (plan - planStart) * msPerPlanDay / DAY_MS);
            vars.put(timer.get("variable").asText(), new Date(real));
          }
        }
      }
      return vars;
    }
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: no figure
    }
    return -1;
  }

  private Harness() {}
}
