package kehoach.peer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed plan as one BPMN 2.0 process (Flowable's XML dialect), from the plan JSON that
 * bench/peer.ts writes. One process per conference, every responsibility's tasks in it (a
 * dependency crosses responsibilities, so call activities per responsibility would need messages
 * between them); each task:
 *
 * <ul>
 *   <li>once, submission: one user task, the assignees as candidate groups;
 *   <li>approval: the assignee's "submit" user task, the approvers' "decide" user task, and an
 *       exclusive gateway that goes back to "submit" when the decision is "sendBack";
 *   <li>signoff: a parallel multi-instance user task, one instance per signer (its candidate group);
 *   <li>phased: one user task per phase, in order.
 * </ul>
 *
 * A task with dependencies starts after a parallel join of them; every task ends in a parallel
 * fork to its dependents and to the join before the end event. Deadlines and reminders are
 * non-interrupting boundary timers (timeDate from a process variable) on the user tasks they
 * concern, each leading to an end event of its own.
 */
final class Bpmn {
  private final StringBuilder xml = new StringBuilder();
  private final List<String[]> flows = new ArrayList<>();
  private final Map<String, String> condition = new HashMap<>();
  private int flowCount = 0;
  private int timerCount = 0;

  static String of(JsonNode plan) {
    return new Bpmn().build(plan);
  }

  static int userTaskCount(String xml) {
    return xml.split("<userTask ", -1).length - 1;
  }

  private String build(JsonNode plan) {
    Map<String, JsonNode> tasks = new LinkedHashMap<>();
    for (JsonNode r : plan.get("responsibilities")) for (JsonNode t : r.get("tasks")) tasks.put(t.get("key").asText(), t);
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"\n")
        .append("  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
        .append("  xmlns:flowable=\"http://flowable.org/bpmn\"\n")
        .append("  targetNamespace=\"https://kehoach.local/peer\">\n");
    xml.append("<process id=\"kehoach_seed\" name=\"").append(esc(plan.get("name").asText())).append("\" isExecutable=\"true\">\n");
    xml.append("<startEvent id=\"start\"/>\n<parallelGateway id=\"fork_start\"/>\n");
    xml.append("<parallelGateway id=\"join_end\"/>\n<endEvent id=\"end\"/>\n");
    flow("start", "fork_start");
    flow("join_end", "end");
    for (JsonNode t : tasks.values()) {
      String key = t.get("key").asText();
      List<String> deps = new ArrayList<>();
      t.get("dependsOn").forEach(d -> deps.add(d.asText()));
      String first = body(t);
      String entry = first;
      if (deps.size() > 1) {
        entry = "join_" + key;
        xml.append("<parallelGateway id=\"").append(entry).append("\"/>\n");
        flow(entry, first);
      }
      if (deps.isEmpty()) flow("fork_start", entry);
      for (String d : deps) flow("exit_" + d, entry);
      xml.append("<parallelGateway id=\"exit_").append(key).append("\"/>\n");
      // Its dependents' flows out of exit_<key> are added when each dependent is built.
      flow("exit_" + key, "join_end");
    }
    for (String[] f : flows) {
      xml.append("<sequenceFlow id=\"").append(f[0]).append("\" sourceRef=\"").append(f[1]).append("\" targetRef=\"").append(f[2]).append('"');
      String c = condition.get(f[0]);
      if (c == null) xml.append("/>\n");
      else xml.append("><conditionExpression xsi:type=\"tFormalExpression\"><![CDATA[").append(c).append("]]></conditionExpression></sequenceFlow>\n");
    }
    xml.append("</process>\n</definitions>\n");
    return xml.toString();
  }

  /** The task's elements; returns the id of its first element. Its last leads to exit_<key>. */
  private String body(JsonNode t) {
    String key = t.get("key").asText();
    String title = t.get("title").asText();
    String exit = "exit_" + key;
    switch (t.get("kind").asText()) {
      case "approval": {
        String submit = key + "__submit", decide = key + "__decide", gw = key + "__gw";
        userTask(submit, title + " — trình", groups(t.get("assignees")), null, t);
        userTask(decide, title + " — duyệt", groups(t.get("approvers")), null, t);
        xml.append("<exclusiveGateway id=\"").append(gw).append("\" default=\"").append(gw).append("_ok\"/>\n");
        flow(submit, decide);
        flow(decide, gw);
        String back = flow(gw, submit);
        condition.put(back, "${" + key + "_decision == 'sendBack'}");
        flows.add(new String[] {gw + "_ok", gw, exit});
        return submit;
      }
      case "signoff": {
        String sign = key + "__sign";
        userTask(sign, title, "${signer}", "signers_" + key, t);
        flow(sign, exit);
        return sign;
      }
      case "phased": {
        String previous = null, first = null;
        for (JsonNode p : t.get("phases")) {
          String id = key + "__" + p.asText();
          userTask(id, title + " — " + p.asText(), groups(t.get("assignees")), null, t);
          if (previous != null) flow(previous, id);
          else first = id;
          previous = id;
        }
        flow(previous, exit);
        return first;
      }
      default: {
        userTask(key, title, groups(t.get("assignees")), null, t);
        flow(key, exit);
        return key;
      }
    }
  }

  private void userTask(String id, String name, String groups, String collection, JsonNode t) {
    xml.append("<userTask id=\"").append(id).append("\" name=\"").append(esc(name)).append("\" flowable:candidateGroups=\"").append(esc(groups)).append('"');
    if (collection == null) xml.append("/>\n");
    else {
      xml.append(">\n  <multiInstanceLoopCharacteristics isSequential=\"false\" flowable:collection=\"${")
          .append(collection)
          .append("}\" flowable:elementVariable=\"signer\"/>\n</userTask>\n");
    }
    for (JsonNode timer : t.get("timers")) {
      boolean here = false;
      for (JsonNode a : timer.get("attach")) here |= a.asText().equals(id);
      if (!here) continue;
      String b = "timer_" + (++timerCount);
      xml.append("<boundaryEvent id=\"").append(b).append("\" attachedToRef=\"").append(id).append("\" cancelActivity=\"false\">")
          .append("<timerEventDefinition><timeDate>${").append(timer.get("variable").asText()).append("}</timeDate></timerEventDefinition></boundaryEvent>\n");
      xml.append("<endEvent id=\"").append(b).append("_end\"/>\n");
      flow(b, b + "_end");
    }
  }

  private String flow(String from, String to) {
    String id = "flow_" + (++flowCount);
    flows.add(new String[] {id, from, to});
    return id;
  }

  private static String groups(JsonNode units) {
    List<String> out = new ArrayList<>();
    units.forEach(u -> out.add(u.asText()));
    return String.join(",", out);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
