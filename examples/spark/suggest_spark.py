"""Pre-annotate a JSONL corpus on Apache Spark: every partition is piped
through `spanlab suggest -`, which reads JSONL documents on stdin and writes
each line back with its suggestions added (every other field kept byte for
byte, one output line per input line).

Usage:
  spark-submit suggest_spark.py INPUT.jsonl OUTPUT_DIR [--rules RULES] [--spanlab PATH] [--partitions N]
  python suggest_spark.py ...          (PySpark from PyPI runs Spark in local mode)

INPUT may be anything Spark's textFile reads (a file, a folder, a glob,
hdfs://, s3a://). OUTPUT_DIR gets Spark's part files, in input order.
spanlab must be installed at the same path on every worker.
"""
import argparse
import shlex
import time

from pyspark.sql import SparkSession


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--rules", help="a spanlab rules file (.ron) or pattern file (.jsonl)")
    parser.add_argument("--spanlab", default="spanlab", help="the spanlab binary")
    parser.add_argument("--partitions", type=int, default=0, help="at least this many partitions")
    parser.add_argument("--master", default="local[*]", help="Spark master (local mode by default)")
    args = parser.parse_args()

    command = [args.spanlab, "suggest", "-"]
    if args.rules:
        command += ["--rules", args.rules]
    spark = SparkSession.builder.master(args.master).appName("spanlab suggest").getOrCreate()
    sc = spark.sparkContext
    lines = sc.textFile(args.input, minPartitions=args.partitions or sc.defaultParallelism)
    started = time.perf_counter()
    # checkCode: a line spanlab refuses (it names it on stderr) fails the job
    # instead of leaving a short partition behind.
    lines.pipe(shlex.join(command), checkCode=True).saveAsTextFile(args.output)
    took = time.perf_counter() - started
    print(f"{lines.getNumPartitions()} partitions through {shlex.join(command)} in {took:.1f} s")
    spark.stop()


if __name__ == "__main__":
    main()
