package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import weka.core.Instances;
import weka.core.Utils;

/**
 * The Explorer's Stop button on JDK 20+ only sets the interrupt flag of the training thread: SMEM must notice it
 * within a fraction of a second, in the calling thread's EM loop and in the cross-validation pool, and throw
 * "SM-EM: training interrupted by user".
 */
class SMEMInterruptTest {

  private static Instances large;

  private static synchronized Instances large() {
    if (large == null) {
      large = SMEMTestData.gaussianClasses(20000, 60, 5, 77);
    }
    return large;
  }

  /** Trains in a thread, interrupts it after {@code delayMillis}, returns {exception, millis to stop}. */
  private static Object[] interruptAfter(String options, long delayMillis) throws Exception {
    Instances data = large();
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions(options));
    AtomicReference<Throwable> thrown = new AtomicReference<Throwable>();
    Thread t = new Thread(() -> {
      try {
        c.buildClassifier(data);
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, "smem-test-training");
    t.start();
    Thread.sleep(delayMillis);
    assertTrue(t.isAlive(), "training must still be running when interrupted (make the data larger)");
    long start = System.nanoTime();
    t.interrupt();
    t.join(5000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertFalse(t.isAlive(), "training did not stop");
    return new Object[] {thrown.get(), millis, c};
  }

  private static void assertStoppedQuickly(Object[] r) throws Exception {
    Throwable e = (Throwable) r[0];
    assertNotNull(e, "an exception is expected");
    assertEquals(Exception.class, e.getClass());
    assertEquals(SMEM.INTERRUPTED_MESSAGE, e.getMessage());
    System.out.println("SMEM stopped " + r[1] + " ms after the interrupt");
    assertTrue((Long) r[1] < 1000, "stopped after " + r[1] + " ms");
    assertFalse(((SMEM) r[2]).isBuilt());
    assertEquals("SMEM: No model built yet.", r[2].toString());
  }

  @Test
  void crossValidationPoolStopsWithinASecond() throws Exception {
    Object[] r = interruptAfter("-num-slots 2", 1500);
    assertStoppedQuickly(r);
    // the fold workers finish their current EM iteration and exit
    long deadline = System.currentTimeMillis() + 2000;
    while (System.currentTimeMillis() < deadline && cvThreadsAlive()) {
      Thread.sleep(20);
    }
    assertFalse(cvThreadsAlive(), "cross-validation threads are cancelled");
  }

  @Test
  void pathInTheCallingThreadStopsWithinASecond() throws Exception {
    assertStoppedQuickly(interruptAfter("-select bic -penalty lasso", 1500));
  }

  private static boolean cvThreadsAlive() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("smem-cv") && t.isAlive()) {
        return true;
      }
    }
    return false;
  }
}
