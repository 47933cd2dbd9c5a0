package org.apache.beam.runners.flink;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.util.construction.SplittableParDo;
import org.apache.flink.api.common.Plan;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.optimizer.DataStatistics;
import org.apache.flink.optimizer.Optimizer;
import org.apache.flink.optimizer.plantranslate.JobGraphGenerator;
import org.apache.flink.runtime.jobgraph.JobGraph;

/**
 * The Flink job graph the FlinkRunner would submit for a pipeline, built here without running it: the vertices and
 * their names are what the dashboard and REST {@code /jobs/<id>} show (batch: DataSet translation, chained by
 * Flink's optimizer; streaming: the DataStream graph). In Beam's package for its package-private translator.
 */
public final class FlinkJobGraphs {
  private FlinkJobGraphs() {}

  public static JobGraph of(Pipeline p) {
    FlinkPipelineOptions o = p.getOptions().as(FlinkPipelineOptions.class);
    // As FlinkRunner.run does before translating.
    SplittableParDo.convertReadBasedSplittableDoFnsToPrimitiveReadsIfNecessary(p);
    FlinkPipelineExecutionEnvironment env = new FlinkPipelineExecutionEnvironment(o);
    if (o.isStreaming()) {
      return env.getJobGraph(p);
    }
    env.translate(p);
    Plan plan = env.getBatchExecutionEnvironment().createProgramPlan(o.getJobName());
    return new JobGraphGenerator().compileJobGraph(
        new Optimizer(new DataStatistics(), new Configuration()).compile(plan));
  }
}
