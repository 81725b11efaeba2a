// English strings for the report screens (keys 'report.*'). The German file beside it has the same keys.
export default {
};
