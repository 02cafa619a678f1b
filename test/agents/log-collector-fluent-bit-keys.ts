/**
 * The keys Fluent Bit 5.1.1 accepts in each part of a configuration, read from its source at tag
 * v5.1.1: the plugins' config maps (plugins/<plugin>/*.c, struct flb_config_map config_map[]), the
 * properties every input, filter and output takes (prop_key_check in src/flb_input.c,
 * src/flb_filter.c, src/flb_output.c), the service's (service_configs in src/flb_config.c, an
 * unknown key there is ignored without a word), the parsers' and multiline parsers' (get_parser_key
 * in src/flb_parser.c; decode_field in src/flb_parser_decoder.c) and the multiline rules' (multiline_load_regex_rules). Keys compare
 * without case, as Fluent Bit compares them. Generated once from the source; regenerate it (see
 * log-collector-fluent-bit.test.ts) when the pinned version changes.
 */

const INPUT = [
  'alias', 'host', 'ipv6', 'listen', 'log_level', 'log_suppress_interval', 'mem_buf_limit', 'port', 'rate_gate', 'rate_gate.backpressure',
  'rate_gate.max_bytes', 'rate_gate.max_records', 'rate_gate.resume_ratio', 'rate_window', 'routable',
  'storage.pause_on_chunks_overlimit', 'storage.type', 'tag', 'thread.ring_buffer.capacity', 'thread.ring_buffer.window', 'threaded',
  'tls', 'tls.ca_file', 'tls.ca_path', 'tls.ciphers', 'tls.crt_file', 'tls.debug', 'tls.key_file', 'tls.key_passwd', 'tls.max_version',
  'tls.min_version', 'tls.verify', 'tls.verify_client_cert', 'tls.verify_hostname', 'tls.vhost', 'name',
];
const FILTER = ['alias', 'log_level', 'log_suppress_interval', 'match', 'match_regex', 'name'];
const OUTPUT = [
  'alias', 'host', 'ipv6', 'log_level', 'log_suppress_interval', 'match', 'match_regex', 'port', 'retry_limit',
  'storage.total_limit_size', 'tls', 'tls.ca_file', 'tls.ca_path', 'tls.ciphers', 'tls.crt_file', 'tls.debug', 'tls.key_file',
  'tls.key_passwd', 'tls.max_version', 'tls.min_version', 'tls.proxy.ca_file', 'tls.proxy.ca_path', 'tls.proxy.verify',
  'tls.proxy.verify_hostname', 'tls.verify', 'tls.verify_hostname', 'tls.vhost', 'tls.windows.certstore_name',
  'tls.windows.client_thumbprints', 'tls.windows.use_enterprise_store', 'workers', 'name',
];

/** Per part of the configuration ("service", "input tail", "filter lua", ...), the keys it accepts. */
export const ACCEPTED_KEYS: Record<string, readonly string[]> = {
  'service': [
    'coro_stack_size', 'daemon', 'dns.mode', 'dns.prefer_ipv4', 'dns.prefer_ipv6', 'dns.resolver', 'enable_chunk_trace', 'flush',
    'flush.adaptive', 'flush.adaptive.down_steps', 'flush.adaptive.high_pressure', 'flush.adaptive.low_pressure',
    'flush.adaptive.max_interval', 'flush.adaptive.medium_pressure', 'flush.adaptive.min_interval', 'flush.adaptive.up_steps', 'grace',
    'hc_errors_count', 'hc_period', 'hc_retry_failure_count', 'health_check', 'hot_reload', 'hot_reload.ensure_thread_safety',
    'hot_reload.timeout', 'http_listen', 'http_port', 'http_server', 'json.convert_nan_to_null', 'json.escape_unicode', 'log_file',
    'log_level', 'multiline_buffer_limit', 'parsers_file', 'plugins_file', 'scheduler.base', 'scheduler.cap', 'security.fips_mode',
    'sp.convert_from_str_to_num', 'storage.backlog.flush_on_shutdown', 'storage.backlog.mem_limit', 'storage.checksum',
    'storage.delete_irrecoverable_chunks', 'storage.inherit', 'storage.keep.rejected', 'storage.max_chunks_up', 'storage.metrics',
    'storage.path', 'storage.rejected.limit', 'storage.rejected.path', 'storage.sync', 'storage.trim_files', 'storage.type', 'streams_file',
    'windows.maxstdio',
  ],
  'input tail': [
    ...INPUT, 'buffer_chunk_size', 'buffer_max_size', 'db', 'db.compare_filename', 'db.journal_mode', 'db.locking', 'db.sync',
    'docker_mode', 'docker_mode_flush', 'docker_mode_parser', 'event_batch_size', 'exclude_path', 'exit_on_eof', 'file_cache_advise',
    'generic.encoding', 'ignore_active_older_files', 'ignore_older', 'inotify_watcher', 'key', 'multiline', 'multiline.parser',
    'multiline_flush', 'offset_key', 'parser', 'parser_', 'parser_firstline', 'path', 'path_key', 'progress_check_interval',
    'progress_check_interval_nsec', 'read_from_head', 'read_newly_discovered_files_from_head', 'refresh_interval', 'rotate_wait',
    'skip_empty_lines', 'skip_long_lines', 'static_batch_size', 'tag_regex', 'truncate_long_lines', 'unicode.encoding', 'watcher_interval',
    'windows.path_encoding', 'processors',
  ],
  'input systemd': [
    ...INPUT, 'db', 'db.sync', 'lowercase', 'max_entries', 'max_fields', 'path', 'read_from_tail', 'strip_underscores', 'systemd_filter',
    'systemd_filter_type',
  ],
  'filter kubernetes': [
    ...FILTER, 'annotations', 'aws_pod_association_endpoint', 'aws_pod_association_host', 'aws_pod_association_host_client_cert_file',
    'aws_pod_association_host_client_key_file', 'aws_pod_association_host_server_ca_file', 'aws_pod_association_host_tls_debug',
    'aws_pod_association_host_tls_verify', 'aws_pod_association_port', 'aws_pod_service_map_refresh_interval', 'aws_pod_service_map_ttl',
    'aws_pod_service_preload_cache_dir', 'aws_use_pod_association', 'buffer_size', 'cache_use_docker_id', 'dns_retries', 'dns_wait_time',
    'dummy_meta', 'k8s-logging.exclude', 'k8s-logging.parser', 'keep_log', 'kube_ca_file', 'kube_ca_path', 'kube_meta_cache_ttl',
    'kube_meta_namespace_cache_ttl', 'kube_meta_preload_cache_dir', 'kube_namespace_file', 'kube_tag_prefix', 'kube_token_command',
    'kube_token_file', 'kube_token_ttl', 'kube_url', 'kubelet_host', 'kubelet_port', 'labels', 'merge_log', 'merge_log_key',
    'merge_log_trim', 'merge_parser', 'namespace_annotations', 'namespace_labels', 'namespace_metadata_only', 'owner_references',
    'regex_parser', 'set_platform', 'tls.debug', 'tls.verify', 'tls.verify_hostname', 'tls.vhost', 'use_journal', 'use_kubelet',
    'use_pod_association', 'use_tag_for_meta',
  ],
  'filter parser': [...FILTER, 'key_name', 'parser', 'preserve_key', 'reserve_data', 'unescape_key'],
  'filter lua': [...FILTER, 'call', 'code', 'enable_flb_null', 'protected_mode', 'script', 'time_as_table', 'type_array_key', 'type_int_key'],
  'filter grep': [...FILTER, 'exclude', 'logical_op', 'regex'],
  'processor multiline': [
    ...FILTER, 'buffer', 'debug_flush', 'emitter_mem_buf_limit', 'emitter_name', 'emitter_storage.type', 'flush_ms', 'mode',
    'multiline.key_content', 'multiline.parser',
  ],
  'output loki': [
    ...OUTPUT, 'auto_kubernetes_labels', 'bearer_token', 'buffer_size', 'compress', 'drop_single_key', 'header', 'http_passwd', 'http_user',
    'label_keys', 'label_map_path', 'labels', 'line_format', 'remove_keys', 'structured_metadata', 'structured_metadata_map_keys',
    'tenant_id', 'tenant_id_key', 'tenant_id_key_error_handling', 'uri',
  ],
  'output es': [
    ...OUTPUT, 'aws_auth', 'aws_external_id', 'aws_profile', 'aws_region', 'aws_role_arn', 'aws_service_name', 'aws_sts_endpoint',
    'buffer_size', 'cloud_auth', 'cloud_id', 'compress', 'current_time_index', 'generate_id', 'http_api_key', 'http_passwd', 'http_user',
    'id_key', 'include_tag_key', 'index', 'logstash_dateformat', 'logstash_format', 'logstash_prefix', 'logstash_prefix_key',
    'logstash_prefix_separator', 'path', 'pipeline', 'replace_dots', 'suppress_type_name', 'tag_key', 'time_key', 'time_key_format',
    'time_key_nanos', 'trace_error', 'trace_output', 'type', 'upstream', 'write_operation',
  ],
  'output opensearch': [
    ...OUTPUT, 'aws_auth', 'aws_external_id', 'aws_profile', 'aws_region', 'aws_role_arn', 'aws_service_name', 'aws_sts_endpoint',
    'buffer_size', 'compress', 'current_time_index', 'generate_id', 'http_passwd', 'http_user', 'id_key', 'include_tag_key', 'index',
    'logstash_dateformat', 'logstash_format', 'logstash_prefix', 'logstash_prefix_key', 'logstash_prefix_separator', 'path', 'pipeline',
    'replace_dots', 'suppress_type_name', 'tag_key', 'time_key', 'time_key_format', 'time_key_nanos', 'trace_error', 'trace_output', 'type',
    'write_operation',
  ],
  'output http': [
    ...OUTPUT, 'allow_duplicated_headers', 'aws_auth', 'aws_service', 'body_key', 'compress', 'format', 'gelf_full_message_key',
    'gelf_host_key', 'gelf_level_key', 'gelf_short_message_key', 'gelf_timestamp_key', 'header', 'header_tag', 'headers_key',
    'http.read_idle_timeout', 'http.response_timeout', 'http_method', 'http_passwd', 'http_user', 'json_date_format', 'json_date_key',
    'log_response_payload', 'oauth2.audience', 'oauth2.auth_method', 'oauth2.client_id', 'oauth2.client_secret', 'oauth2.connect_timeout',
    'oauth2.enable', 'oauth2.jwt_aud', 'oauth2.jwt_cert_file', 'oauth2.jwt_header', 'oauth2.jwt_key_file', 'oauth2.jwt_ttl_seconds',
    'oauth2.refresh_skew_seconds', 'oauth2.resource', 'oauth2.scope', 'oauth2.timeout', 'oauth2.token_url', 'oauth2.user_agent', 'proxy',
    'uri',
  ],
  'output stdout': [...OUTPUT, 'format', 'json_date_format', 'json_date_key'],
  'parser': [
    'format', 'logfmt_no_bare_keys', 'name', 'regex', 'skip_empty_values', 'time_format', 'time_keep', 'time_key', 'time_offset',
    'time_strict', 'time_system_timezone', 'time_zone', 'types', 'decode_field', 'decode_field_as',
  ],
  'multiline_parser': ['flush_timeout', 'key_content', 'key_group', 'key_pattern', 'match_string', 'name', 'negate', 'parser', 'type', 'rules'],
  'rule': ['state', 'regex', 'next_state'],
};
