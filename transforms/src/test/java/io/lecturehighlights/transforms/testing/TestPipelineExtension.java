package io.lecturehighlights.transforms.testing;

import java.lang.reflect.Method;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * Lets a JUnit 5 test take a {@link TestPipeline} parameter. Beam's TestPipeline is a JUnit 4 rule; this wraps
 * each test method in that rule, so its checks (the pipeline was run, no PTransform was left unused) still apply.
 */
public class TestPipelineExtension implements ParameterResolver, InvocationInterceptor {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TestPipelineExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == TestPipeline.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    TestPipeline pipeline = TestPipeline.create();
    e.getStore(NS).put("pipeline", pipeline);
    return pipeline;
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext e) throws Throwable {
    TestPipeline pipeline = e.getStore(NS).get("pipeline", TestPipeline.class);
    if (pipeline == null) {
      invocation.proceed();
      return;
    }
    Statement body = new Statement() {
      @Override
      public void evaluate() throws Throwable {
        invocation.proceed();
      }
    };
    pipeline.apply(body, Description.createTestDescription(method.getTargetClass(), method.getExecutable().getName()))
        .evaluate();
  }
}
