<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AblationView</name>
    <message>
        <source>Switch all back on</source>
        <translation>全部重新打开</translation>
    </message>
    <message>
        <source>layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Click a map to switch its kernel off (its weights and bias zeroed in a copy of the model); click again to switch it on. The saved checkpoint is never changed.</source>
        <translation>点击一张特征图即可关掉它的卷积核（在模型的副本中把它的权重和偏置置零）；再点一次重新打开。保存的检查点不会被改动。</translation>
    </message>
    <message>
        <source>Test accuracy of each class:</source>
        <translation>各类别的测试准确率：</translation>
    </message>
    <message>
        <source>{0} off</source>
        <translation>{0} 已关闭</translation>
    </message>
    <message>
        <source>{0} kernel(s) off: prediction {1} ({2}); test accuracy {3} → {4}.</source>
        <translation>关闭了 {0} 个卷积核：预测为{1}（{2}）；测试准确率 {3} → {4}。</translation>
    </message>
    <message>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>after</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>change</source>
        <translation>变化</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Pause / resume</source>
        <translation>暂停 / 继续</translation>
    </message>
    <message>
        <source>Stop (keeps what was trained)</source>
        <translation>停止（保留已训练的结果）</translation>
    </message>
    <message>
        <source>Open a run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>Export curves as PNG</source>
        <translation>把曲线导出为 PNG</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Start training with these settings</source>
        <translation>按当前设置开始训练</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause the run; press again to resume</source>
        <translation>暂停训练；再按一次继续</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the run and keep what was trained</source>
        <translation>停止训练并保留已训练的结果</translation>
    </message>
    <message>
        <source>&amp;Open run…</source>
        <translation>打开运行(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a finished run folder and show its curves</source>
        <translation>打开一个已完成的运行文件夹并显示其曲线</translation>
    </message>
    <message>
        <source>&amp;Export curves as PNG…</source>
        <translation>把曲线导出为 PNG(&amp;E)…</translation>
    </message>
    <message>
        <source>Save both plots as a PNG image</source>
        <translation>把两幅图保存为一张 PNG 图片</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close cnnlab</source>
        <translation>关闭 cnnlab</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About cnnlab</source>
        <translation>关于 cnnlab(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Recent runs</source>
        <translation>最近的运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About cnnlab</source>
        <translation>关于 cnnlab</translation>
    </message>
    <message>
        <source>A teaching lab for convolutional neural networks: pick a dataset and a network, train it while the curves draw, then look inside.</source>
        <translation>卷积神经网络教学实验室：选一个数据集和一个网络，边训练边看曲线，再看看网络内部。</translation>
    </message>
    <message>
        <source>Built on PyTorch, PySide6 and pyqtgraph.</source>
        <translation>基于 PyTorch、PySide6 和 pyqtgraph 构建。</translation>
    </message>
</context>
<context>
    <name>ArithmeticView</name>
    <message>
        <source>kernel </source>
        <translation>卷积核 </translation>
    </message>
    <message>
        <source>input channel </source>
        <translation>输入通道 </translation>
    </message>
    <message>
        <source>layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Click a pixel of the feature map (left) to see how it is computed from the window of the layer&apos;s input under the kernel (right, framed).</source>
        <translation>点击特征图（左）上的一个像素，看它是如何由卷积核覆盖下的该层输入窗口（右，带框）计算出来的。</translation>
    </message>
    <message>
        <source>; after {0}: {1}</source>
        <translation>；经过 {0} 后：{1}</translation>
    </message>
    <message>
        <source>{0}, kernel {1}, pixel ({2}, {3}): Σ of the {4} products over {5} input channel(s) = {6}; + bias {7} = {8} (the layer gave {9}){10}.</source>
        <translation>{0}，卷积核 {1}，像素 ({2}, {3})：{5} 个输入通道上 {4} 个乘积之和 Σ = {6}；加偏置 {7} = {8}（该层的输出为 {9}）{10}。</translation>
    </message>
    <message>
        <source>input window</source>
        <translation>输入窗口</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>products</source>
        <translation>乘积</translation>
    </message>
</context>
<context>
    <name>Attribution</name>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Where a conv layer&apos;s maps, weighted by how much the class score needs each, are strong.</source>
        <translation>卷积层的特征图按类别得分对每张图的需要加权后，哪里强。</translation>
    </message>
    <message>
        <source>A small late layer gives a coarse blob that can sit on the background, and a class recognised by what is absent gets a blank map.</source>
        <translation>靠后的小层只给出粗糙的一团，可能落在背景上；靠“缺少什么”认出的类别会得到空白图。</translation>
    </message>
    <message>
        <source>Occlusion</source>
        <translation>遮挡</translation>
    </message>
    <message>
        <source>The class probability while a square of average pixels covers each place: dark where hiding the pixels costs the class.</source>
        <translation>用平均像素的方块遮住每个位置时该类的概率：遮住后该类失分的地方是暗的。</translation>
    </message>
    <message>
        <source>A square larger than the strokes hides several parts at once, and the patch is itself a new pattern the network never saw.</source>
        <translation>比笔画大的方块会一次遮住好几个部分，而且方块本身就是网络从未见过的新图案。</translation>
    </message>
    <message>
        <source>Saliency</source>
        <translation>显著性</translation>
    </message>
    <message>
        <source>How strongly a tiny change of each pixel would move the class score (the gradient&apos;s size).</source>
        <translation>每个像素的微小变化会让类别得分改变多少（梯度的大小）。</translation>
    </message>
    <message>
        <source>It is local: a pixel can matter a lot and still get a small gradient where the network is saturated, and the map is noisy.</source>
        <translation>它是局部的：在网络饱和处，一个很重要的像素也可能梯度很小，而且图上噪声多。</translation>
    </message>
    <message>
        <source>Guided backprop</source>
        <translation>导向反向传播</translation>
    </message>
    <message>
        <source>The gradient with negative signals stopped at every ReLU: crisp edges the network responds to.</source>
        <translation>在每个 ReLU 处截断负信号的梯度：网络响应的清晰边缘。</translation>
    </message>
    <message>
        <source>It looks almost the same for every class and even for random weights: it shows the image&apos;s edges more than the decision.</source>
        <translation>它对每个类别、甚至对随机权重都几乎一样：显示的更多是图像的边缘，而不是决策。</translation>
    </message>
    <message>
        <source>Deconvolution</source>
        <translation>反卷积</translation>
    </message>
    <message>
        <source>ZFNet&apos;s deconvnet: the class signal projected back through the layers, ReLU on the way back.</source>
        <translation>ZFNet 的反卷积网络：把类别信号逐层投影回去，回传时经过 ReLU。</translation>
    </message>
    <message>
        <source>It ignores which units were active for this image, so it can light up patterns the network did not use here.</source>
        <translation>它不管这张图片激活了哪些单元，所以可能点亮网络在这里并没有用到的图案。</translation>
    </message>
    <message>
        <source>Integrated gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <source>Each pixel&apos;s share of the class score&apos;s change from a blank image to this one; the shares add up to that change.</source>
        <translation>从空白图片到这张图片，类别得分的变化中每个像素所占的份额；所有份额加起来等于这个变化。</translation>
    </message>
    <message>
        <source>The answer depends on the blank image chosen: pixels equal to it (the black background of MNIST) always get zero.</source>
        <translation>结果取决于所选的空白图片：与它相同的像素（如 MNIST 的黑色背景）总是得零。</translation>
    </message>
</context>
<context>
    <name>Choices</name>
    <message>
        <source>sgd</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量 SGD</translation>
    </message>
    <message>
        <source>adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>rmsprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>step</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦衰减</translation>
    </message>
    <message>
        <source>one-cycle</source>
        <translation>单周期</translation>
    </message>
    <message>
        <source>flip</source>
        <translation>翻转</translation>
    </message>
    <message>
        <source>shift</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>flip+shift</source>
        <translation>翻转+平移</translation>
    </message>
</context>
<context>
    <name>Classes</name>
    <message>
        <source>airplane</source>
        <translation>飞机</translation>
    </message>
    <message>
        <source>automobile</source>
        <translation>汽车</translation>
    </message>
    <message>
        <source>bird</source>
        <translation>鸟</translation>
    </message>
    <message>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <source>deer</source>
        <translation>鹿</translation>
    </message>
    <message>
        <source>dog</source>
        <translation>狗</translation>
    </message>
    <message>
        <source>frog</source>
        <translation>青蛙</translation>
    </message>
    <message>
        <source>horse</source>
        <translation>马</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <source>truck</source>
        <translation>卡车</translation>
    </message>
    <message>
        <source>T-shirt/top</source>
        <translation>T恤衫</translation>
    </message>
    <message>
        <source>Trouser</source>
        <translation>裤子</translation>
    </message>
    <message>
        <source>Pullover</source>
        <translation>套头衫</translation>
    </message>
    <message>
        <source>Dress</source>
        <translation>连衣裙</translation>
    </message>
    <message>
        <source>Coat</source>
        <translation>外套</translation>
    </message>
    <message>
        <source>Sandal</source>
        <translation>凉鞋</translation>
    </message>
    <message>
        <source>Shirt</source>
        <translation>衬衫</translation>
    </message>
    <message>
        <source>Sneaker</source>
        <translation>运动鞋</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>包</translation>
    </message>
    <message>
        <source>Ankle boot</source>
        <translation>短靴</translation>
    </message>
    <message>
        <source>circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>triangle</source>
        <translation>三角形</translation>
    </message>
    <message>
        <source>diamond</source>
        <translation>菱形</translation>
    </message>
    <message>
        <source>line</source>
        <translation>直线</translation>
    </message>
    <message>
        <source>red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>cyan</source>
        <translation>青色</translation>
    </message>
    <message>
        <source>pink</source>
        <translation>粉色</translation>
    </message>
    <message>
        <source>{0}-{1}</source>
        <translation>{0}{1}</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare designs</source>
        <translation>对比设计</translation>
    </message>
    <message>
        <source>input {0} → {1}, classes {2} → {3}</source>
        <translation>输入 {0} → {1}，类别 {2} → {3}</translation>
    </message>
    <message>
        <source>The rows are the same.</source>
        <translation>各行都相同。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Layer before</source>
        <translation>之前的层</translation>
    </message>
    <message>
        <source>Layer after</source>
        <translation>之后的层</translation>
    </message>
    <message>
        <source>Params before → after</source>
        <translation>参数 之前 → 之后</translation>
    </message>
    <message>
        <source>FLOPs before → after</source>
        <translation>FLOPs 之前 → 之后</translation>
    </message>
    <message>
        <source>Total parameters {0} · total FLOPs {1}</source>
        <translation>参数总数 {0} · FLOPs 总数 {1}</translation>
    </message>
</context>
<context>
    <name>ComparisonView</name>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率 (%)</translation>
    </message>
    <message>
        <source>Settings that differ</source>
        <translation>不同的设置</translation>
    </message>
    <message>
        <source>Per-class test accuracy</source>
        <translation>各类别测试准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>&lt;b&gt;A&lt;/b&gt;: {0} — test accuracy {1}&lt;br&gt;&lt;b&gt;B&lt;/b&gt;: {2} — test accuracy {3} (both on the {4} test split, {5} images)</source>
        <translation>&lt;b&gt;A&lt;/b&gt;：{0} — 测试准确率 {1}&lt;br&gt;&lt;b&gt;B&lt;/b&gt;：{2} — 测试准确率 {3}（都在{4}测试集上，共 {5} 张图像）</translation>
    </message>
    <message>
        <source>Curves (A blue, B orange; solid: training, dashed: validation)</source>
        <translation>曲线（A 蓝色，B 橙色；实线：训练，虚线：验证）</translation>
    </message>
    <message>
        <source>Prediction flips on the test set (under each image: its class, then A&apos;s and B&apos;s predictions)</source>
        <translation>测试集上的预测翻转（每张图下方：真实类别，然后是 A 和 B 的预测）</translation>
    </message>
    <message>
        <source>Right in A only ({0})</source>
        <translation>只有 A 判对（{0}）</translation>
    </message>
    <message>
        <source>Right in B only ({0})</source>
        <translation>只有 B 判对（{0}）</translation>
    </message>
    <message>
        <source>Wrong in both ({0})</source>
        <translation>两者都判错（{0}）</translation>
    </message>
    <message>
        <source>The two runs have the same settings.</source>
        <translation>两次运行的设置相同。</translation>
    </message>
    <message>
        <source>right in A and wrong in B</source>
        <translation>A 判对而 B 判错</translation>
    </message>
    <message>
        <source>right in B and wrong in A</source>
        <translation>B 判对而 A 判错</translation>
    </message>
    <message>
        <source>wrong in both runs</source>
        <translation>两次运行都判错</translation>
    </message>
    <message>
        <source>No test image is {0}.</source>
        <translation>没有{0}的测试图片。</translation>
    </message>
    <message>
        <source>{0} test images are {1}; the first {2} in test-set order are shown.</source>
        <translation>有 {0} 张测试图片{1}；按测试集顺序显示前 {2} 张。</translation>
    </message>
    <message>
        <source>{0} test images are {1}, in test-set order.</source>
        <translation>有 {0} 张测试图片{1}，按测试集顺序排列。</translation>
    </message>
</context>
<context>
    <name>ConfusionPanel</name>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>acc.</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>true \ predicted</source>
        <translation>真实 \ 预测</translation>
    </message>
    <message>
        <source>Click a cell to see its images; click the accuracy column for a class&apos;s mistakes.</source>
        <translation>点击一个格子查看其中的图片；点击准确率一列查看该类别的全部误分类。</translation>
    </message>
    <message>
        <source>Confusion matrix of {0}: accuracy {1} on {2} test images. Rows: true class, columns: predicted class; colour: share of the row.</source>
        <translation>{0} 的混淆矩阵：在 {2} 张测试图片上准确率为 {1}。行：真实类别，列：预测类别；颜色：占该行的比例。</translation>
    </message>
    <message>
        <source>{0} mistakes on true class {1}</source>
        <translation>真实类别为{1}的误分类共 {0} 张</translation>
    </message>
    <message>
        <source>{0} images of true class {1} predicted as {2}</source>
        <translation>真实类别为{1}、被预测为{2}的图片共 {0} 张</translation>
    </message>
    <message>
        <source> (first {0} shown)</source>
        <translation>（显示前 {0} 张）</translation>
    </message>
    <message>
        <source>. Click one to look at it closely.</source>
        <translation>。点击一张可仔细查看。</translation>
    </message>
</context>
<context>
    <name>CoreMessage</name>
    <message>
        <source>Epochs must be at least 1.</source>
        <translation>训练轮数至少为 1。</translation>
    </message>
    <message>
        <source>Batch size must be at least 2 (batch norm needs two images).</source>
        <translation>批大小至少为 2（批归一化需要两张图片）。</translation>
    </message>
    <message>
        <source>Learning rate must be above 0 and at most 10.</source>
        <translation>学习率必须大于 0 且不超过 10。</translation>
    </message>
    <message>
        <source>Momentum must be in [0, 1).</source>
        <translation>动量必须在 [0, 1) 之间。</translation>
    </message>
    <message>
        <source>Weight decay cannot be negative.</source>
        <translation>权重衰减不能为负数。</translation>
    </message>
    <message>
        <source>Train limit must be at least 2 images.</source>
        <translation>训练图片数至少为 2 张。</translation>
    </message>
    <message>
        <source>Validation fraction must be in [0, 1).</source>
        <translation>验证集比例必须在 [0, 1) 之间。</translation>
    </message>
    <message>
        <source>Image size must be between 8 and 512 pixels.</source>
        <translation>图片尺寸必须在 8 到 512 像素之间。</translation>
    </message>
    <message>
        <source>Seed cannot be negative.</source>
        <translation>随机种子不能为负数。</translation>
    </message>
    <message>
        <source>Seed must be at most 4294967295 (2³² − 1).</source>
        <translation>种子最大为 4294967295（2³² − 1）。</translation>
    </message>
    <message>
        <source>CPU threads must be between 1 and 64.</source>
        <translation>CPU 线程数必须在 1 到 64 之间。</translation>
    </message>
    <message>
        <source>a kernel fires on a class when its mean activation on that class is above its mean over all classes</source>
        <translation>若一个卷积核在某类别上的平均激活值高于它在所有类别上的平均值，就说它对该类别有响应</translation>
    </message>
    <message>
        <source>Kernel roles need a conv layer; {layer} does not output feature maps.</source>
        <translation>卷积核角色需要卷积层；{layer} 输出的不是特征图。</translation>
    </message>
    <message>
        <source>it is not in an image format that can be read</source>
        <translation>它不是可以读取的图片格式</translation>
    </message>
    <message>
        <source>the file is damaged or cut short</source>
        <translation>文件已损坏或不完整</translation>
    </message>
    <message>
        <source>the image is too large to open safely</source>
        <translation>图片太大，无法安全打开</translation>
    </message>
    <message>
        <source>permission to read it was denied</source>
        <translation>没有读取它的权限</translation>
    </message>
    <message>
        <source>it cannot be read ({reason})</source>
        <translation>无法读取它（{reason}）</translation>
    </message>
    <message>
        <source>a table of named values</source>
        <translation>一个带名称的值表</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>一个列表</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>真或假</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>一个数字</translation>
    </message>
    <message>
        <source>nothing (null)</source>
        <translation>空值（null）</translation>
    </message>
    <message>
        <source>some other kind of data</source>
        <translation>其他类型的数据</translation>
    </message>
    <message>
        <source>its contents could not be decoded as an image</source>
        <translation>其内容无法解码为图片</translation>
    </message>
    <message>
        <source>The disk is full: cannot write {path}</source>
        <translation>磁盘已满：无法写入 {path}</translation>
    </message>
    <message>
        <source>Cannot write {path}: the folder is read-only or not yours to write to</source>
        <translation>无法写入 {path}：该文件夹是只读的，或你没有写入权限</translation>
    </message>
    <message>
        <source>Cannot write {path} ({reason})</source>
        <translation>无法写入 {path}（{reason}）</translation>
    </message>
    <message>
        <source>The computer ran out of memory; lower the batch size or train on fewer images.</source>
        <translation>计算机内存不足；请减小批大小，或用更少的图片训练。</translation>
    </message>
    <message>
        <source>The GPU ran out of memory; lower the batch size or train on the CPU.</source>
        <translation>GPU 显存不足；请减小批大小，或改用 CPU 训练。</translation>
    </message>
    <message>
        <source>Something went wrong ({problem}).</source>
        <translation>出错了（{problem}）。</translation>
    </message>
    <message>
        <source>Grad-CAM needs a convolution layer, and this model has none.</source>
        <translation>Grad-CAM 需要卷积层，而这个模型没有。</translation>
    </message>
    <message>
        <source>{path} was refused: it is not a plain CIFAR-10 batch ({problem}).</source>
        <translation>{path} 被拒绝：它不是普通的 CIFAR-10 批次文件（{problem}）。</translation>
    </message>
    <message>
        <source>{path} is not a readable CIFAR-10 batch: {reason}.</source>
        <translation>{path} 不是可读取的 CIFAR-10 批次文件：{reason}。</translation>
    </message>
    <message>
        <source>{path} is not a CIFAR-10 batch: it holds {kind}, not labelled images.</source>
        <translation>{path} 不是 CIFAR-10 批次文件：其中是{kind}，而不是带标签的图片。</translation>
    </message>
    <message>
        <source>{path} has no uint8 &apos;data&apos; array of 3072 values per image.</source>
        <translation>{path} 中没有每张图片 3072 个值的 uint8 &apos;data&apos; 数组。</translation>
    </message>
    <message>
        <source>{path} has labels that do not match its {count} images or fall outside 0–9.</source>
        <translation>{path} 的标签与其中的 {count} 张图片对不上，或超出了 0–9。</translation>
    </message>
    <message>
        <source>{path} lacks the CIFAR-10 batch file(s) {names}.</source>
        <translation>{path} 缺少 CIFAR-10 批次文件 {names}。</translation>
    </message>
    <message>
        <source>{path} lacks the CIFAR-10 batch {batch}.</source>
        <translation>{path} 缺少 CIFAR-10 批次 {batch}。</translation>
    </message>
    <message>
        <source>{path} is not a readable CIFAR-10 archive ({problem}).</source>
        <translation>{path} 不是可读取的 CIFAR-10 压缩包（{problem}）。</translation>
    </message>
    <message>
        <source>{folder} is not a CIFAR-10 image copy: its class folders are {found}, not the ten CIFAR-10 classes.</source>
        <translation>{folder} 不是 CIFAR-10 的图像副本：它的类别文件夹是 {found}，而不是 CIFAR-10 的十个类别。</translation>
    </message>
    <message>
        <source>{dataset} was not found (looked in {looked}); {advice}.</source>
        <translation>没有找到 {dataset}（查找过 {looked}）；请{advice}。</translation>
    </message>
    <message>
        <source>Downloading cifar10 failed ({problem}); check the internet connection.</source>
        <translation>下载 cifar10 失败（{problem}）；请检查网络连接。</translation>
    </message>
    <message>
        <source>Cannot read {path}: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{path} is a damaged gzip file ({problem}).</source>
        <translation>{path} 是损坏的 gzip 文件（{problem}）。</translation>
    </message>
    <message>
        <source>Skipped {count} folder link(s) that lead outside {folder}: {links}.</source>
        <translation>跳过了 {count} 个指向 {folder} 之外的文件夹链接：{links}。</translation>
    </message>
    <message>
        <source>Skipped {count} link(s) in {folder} to folders or images already in the set: {links}.</source>
        <translation>跳过了 {folder} 中 {count} 个指向数据集中已有文件夹或图像的链接：{links}。</translation>
    </message>
    <message>
        <source>Skipped {count} broken link(s) in {folder} that point nowhere or into a loop: {links}.</source>
        <translation>跳过了 {folder} 中 {count} 个失效或循环的链接：{links}。</translation>
    </message>
    <message>
        <source>The class folder {folder} holds no images.</source>
        <translation>类别文件夹 {folder} 中没有图片。</translation>
    </message>
    <message>
        <source>{path} is not a readable image: {reason}.</source>
        <translation>{path} 不是可读取的图片：{reason}。</translation>
    </message>
    <message>
        <source>{folder} has no class sub-folders.</source>
        <translation>{folder} 中没有按类别分的子文件夹。</translation>
    </message>
    <message>
        <source>{path} is not a folder.</source>
        <translation>{path} 不是文件夹。</translation>
    </message>
    <message>
        <source>{folder} has a test/ folder but no train/ folder next to it.</source>
        <translation>{folder} 中有 test/ 文件夹，但旁边没有 train/ 文件夹。</translation>
    </message>
    <message>
        <source>The folder dataset needs {advice} (train/&lt;class&gt;/…, test/&lt;class&gt;/…).</source>
        <translation>图片文件夹数据集需要{advice}（train/&lt;类别&gt;/…，test/&lt;类别&gt;/…）。</translation>
    </message>
    <message>
        <source>Unknown dataset {name}; choose one of: {known}.</source>
        <translation>未知的数据集 {name}；请从以下选择：{known}。</translation>
    </message>
    <message>
        <source>{dataset} was not found.</source>
        <translation>没有找到 {dataset}。</translation>
    </message>
    <message>
        <source>Image size applies to image folders only; the {dataset} images are always {width}×{height} pixels, so leave it unset.</source>
        <translation>“图像尺寸”只适用于图像文件夹；{dataset} 的图像总是 {width}×{height} 像素，请不要设置它。</translation>
    </message>
    <message>
        <source>The data folder {folder} does not exist.</source>
        <translation>数据文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <source>The {dataset} data at {folder} has an empty train or test split.</source>
        <translation>位于 {folder} 的 {dataset} 数据中，训练集或测试集为空。</translation>
    </message>
    <message>
        <source>{failure}; the previous checkpoint there, if any, is kept.</source>
        <translation>{failure}；那里原有的检查点（如果有）会保留。</translation>
    </message>
    <message>
        <source>it holds Python objects besides weights, so it was not written by cnnlab</source>
        <translation>其中除了权重还有 Python 对象，所以它不是 cnnlab 写出的</translation>
    </message>
    <message>
        <source>it is empty or cut short</source>
        <translation>它是空的或不完整</translation>
    </message>
    <message>
        <source>it is not a file saved by PyTorch, or it is damaged</source>
        <translation>它不是 PyTorch 保存的文件，或已损坏</translation>
    </message>
    <message>
        <source>it is a text file, not one saved by PyTorch</source>
        <translation>它是文本文件，不是 PyTorch 保存的文件</translation>
    </message>
    <message>
        <source>{path} is not a readable cnnlab checkpoint: {reason}.</source>
        <translation>{path} 不是可读取的 cnnlab 检查点：{reason}。</translation>
    </message>
    <message>
        <source>{path} is not a cnnlab checkpoint (it was saved by another program).</source>
        <translation>{path} 不是 cnnlab 检查点（它由别的程序保存）。</translation>
    </message>
    <message>
        <source>The checkpoint {path} does not exist.</source>
        <translation>检查点 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is a damaged cnnlab checkpoint: it lacks its {names} entry.</source>
        <translation>{path} 是损坏的 cnnlab 检查点：缺少 {names} 项。</translation>
    </message>
    <message>
        <source>{path} is a damaged cnnlab checkpoint: it lacks its {names} entries.</source>
        <translation>{path} 是损坏的 cnnlab 检查点：缺少 {names} 这些项。</translation>
    </message>
    <message>
        <source>{path} is a damaged cnnlab checkpoint: its {key} entry holds {kind}, not {want}.</source>
        <translation>{path} 是损坏的 cnnlab 检查点：它的 {key} 项是{kind}，而不是{want}。</translation>
    </message>
    <message>
        <source>a model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <source>a dataset name</source>
        <translation>数据集名称</translation>
    </message>
    <message>
        <source>a list of class names</source>
        <translation>类别名称的列表</translation>
    </message>
    <message>
        <source>three sizes (channels, height, width)</source>
        <translation>三个尺寸（通道、高、宽）</translation>
    </message>
    <message>
        <source>a list of numbers</source>
        <translation>数字列表</translation>
    </message>
    <message>
        <source>the model&apos;s weights</source>
        <translation>模型的权重</translation>
    </message>
    <message>
        <source>{path} cannot be rebuilt: {problem}</source>
        <translation>{path} 无法重建：{problem}</translation>
    </message>
    <message>
        <source>{path} names options the {model} model does not take ({names}).</source>
        <translation>{path} 写有 {model} 模型不接受的选项（{names}）。</translation>
    </message>
    <message>
        <source>{path} does not match the {model} architecture: {problem}.</source>
        <translation>{path} 与 {model} 的网络结构不符：{problem}。</translation>
    </message>
    <message>
        <source>The weights in {path} are not finite ({name} holds NaN or infinite values: the training had diverged), so its results would mean nothing; use an earlier epoch&apos;s checkpoint or train again with a lower learning rate.</source>
        <translation>{path} 中的权重不是有限值（{name} 含有 NaN 或无穷大：训练已经发散），它的结果没有意义；请使用更早一轮的检查点，或用更小的学习率重新训练。</translation>
    </message>
    <message>
        <source>{path} does not match the {model} architecture ({problem}).</source>
        <translation>{path} 与 {model} 的网络结构不符（{problem}）。</translation>
    </message>
    <message>
        <source>Unknown device {name}; use auto, cpu, cuda, cuda:N or mps.</source>
        <translation>未知的设备 {name}；请使用 auto、cpu、cuda、cuda:N 或 mps。</translation>
    </message>
    <message>
        <source>CUDA was requested but this machine has no usable CUDA GPU; {advice}.</source>
        <translation>要求使用 CUDA，但这台机器没有可用的 CUDA GPU；请{advice}。</translation>
    </message>
    <message>
        <source>There is no CUDA GPU {index}; this machine has {count}.</source>
        <translation>没有编号为 {index} 的 CUDA GPU；这台机器有 {count} 块。</translation>
    </message>
    <message>
        <source>Apple MPS was requested but is not available here; {advice}.</source>
        <translation>要求使用 Apple MPS，但这里不可用；请{advice}。</translation>
    </message>
    <message>
        <source>Unsupported device {name}; use auto, cpu, cuda, cuda:N or mps.</source>
        <translation>不支持的设备 {name}；请使用 auto、cpu、cuda、cuda:N 或 mps。</translation>
    </message>
    <message>
        <source>Unknown optimizer {optimizer}.</source>
        <translation>未知的优化器 {optimizer}。</translation>
    </message>
    <message>
        <source>The loss became {loss} at epoch {epoch}, batch {batch}; lower the learning rate (now {lr:g}) and train again.</source>
        <translation>损失在第 {epoch} 轮第 {batch} 批变成了 {loss}；请降低学习率（现在是 {lr:g}）后重新训练。</translation>
    </message>
    <message>
        <source>The GPU ran out of memory with batches of {batch} images; try a batch size of {smaller}, or train on the CPU.</source>
        <translation>批大小为 {batch} 张图片时 GPU 显存不足；请试试批大小 {smaller}，或改用 CPU 训练。</translation>
    </message>
    <message>
        <source>The GPU ran out of memory even with the smallest batch; pick a smaller model or train on the CPU.</source>
        <translation>即使用最小的批大小，GPU 显存仍然不足；请选择更小的模型，或改用 CPU 训练。</translation>
    </message>
    <message>
        <source>The model uses {operation}, which has no deterministic version on {device}, so it cannot train reproducibly there; train it on the CPU, or without Reproducible.</source>
        <translation>该模型用到 {operation}，它在 {device} 上没有确定性的实现，因此无法在那里可复现地训练；请在 CPU 上训练，或关闭“可复现”。</translation>
    </message>
    <message>
        <source>Training failed unexpectedly ({problem}).</source>
        <translation>训练意外失败（{problem}）。</translation>
    </message>
    <message>
        <source>The training set has {images} images, fewer than one batch of {batch}.</source>
        <translation>训练集只有 {images} 张图片，不足一个批次（{batch} 张）。</translation>
    </message>
    <message>
        <source>The overlay is written as {names}, not {suffix} ({file}).</source>
        <translation>叠加图只能保存为 {names}，不能保存为 {suffix}（{file}）。</translation>
    </message>
    <message>
        <source>The raw map is written as a .npy file, not {suffix} ({file}).</source>
        <translation>原始热力图只能保存为 .npy 文件，不能保存为 {suffix}（{file}）。</translation>
    </message>
    <message>
        <source>{name} is {width}×{height} pixels, too large to read whole ({megabytes} MB of memory); save a smaller copy, at most {side} pixels a side, or a JPEG, which is read at a reduced size.</source>
        <translation>{name} 有 {width}×{height} 像素，太大，无法整张读入（需要 {megabytes} MB 内存）；请另存一份每边不超过 {side} 像素的小图，或存为 JPEG（读取时会自动缩小）。</translation>
    </message>
    <message>
        <source>The file {path} does not exist.</source>
        <translation>文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is a folder, not an image file.</source>
        <translation>{path} 是文件夹，不是图片文件。</translation>
    </message>
    <message>
        <source>{name} is not an image file that can be read: {reason}.</source>
        <translation>{name} 不是可读取的图片文件：{reason}。</translation>
    </message>
    <message>
        <source>The model has no class {text}; its classes are {names} (or numbers 0 to {last}).</source>
        <translation>模型没有类别 {text}；它的类别是 {names}（或编号 0 到 {last}）。</translation>
    </message>
    <message>
        <source>The model has no layer {layer} with feature maps; its layers are: {choices}.</source>
        <translation>模型没有带特征图的层 {layer}；它的层有：{choices}。</translation>
    </message>
    <message>
        <source>The design file {path} does not exist.</source>
        <translation>设计文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>it is not UTF-8 text</source>
        <translation>它不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>The design file {path} cannot be read: {reason}.</source>
        <translation>无法读取设计文件 {path}：{reason}。</translation>
    </message>
    <message>
        <source>The design file {path} is not valid YAML (line {line}: {problem}).</source>
        <translation>设计文件 {path} 不是有效的 YAML（第 {line} 行：{problem}）。</translation>
    </message>
    <message>
        <source>{failure}.</source>
        <translation>{failure}。</translation>
    </message>
    <message>
        <source>A design is a table with name, input, classes and layers, not {kind}.</source>
        <translation>设计应当是包含 name、input、classes 和 layers 的表，而不是{kind}。</translation>
    </message>
    <message>
        <source>The design has an entry {key}, which is not one of {keys}.</source>
        <translation>设计中有一项 {key}，它不是 {keys} 之一。</translation>
    </message>
    <message>
        <source>The design has no {key} entry.</source>
        <translation>设计中缺少 {key} 项。</translation>
    </message>
    <message>
        <source>input must be three whole numbers of at least 1 (channels, height, width), not {value}.</source>
        <translation>input 必须是三个不小于 1 的整数（通道、高、宽），而不是 {value}。</translation>
    </message>
    <message>
        <source>classes must be a whole number of at least 2, not {value}.</source>
        <translation>classes 必须是不小于 2 的整数，而不是 {value}。</translation>
    </message>
    <message>
        <source>name must be a short text, not {value}.</source>
        <translation>name 必须是一段简短的文字，而不是 {value}。</translation>
    </message>
    <message>
        <source>note must be a text, not {value}.</source>
        <translation>note 必须是一段文字，而不是 {value}。</translation>
    </message>
    <message>
        <source>layers must be a list of at least one layer, not {value}.</source>
        <translation>layers 必须是至少含一层的列表，而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: a block holds a list of at least one layer, not {value}.</source>
        <translation>第 {row} 行：一个块应当包含至少一层的列表，而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: a layer is a name (relu) or a name with its settings (conv: {{out: 8, kernel: 3}}), not {value}.</source>
        <translation>第 {row} 行：一层应当是一个名字（relu），或带设置的名字（conv: {{out: 8, kernel: 3}}），而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: there is no layer kind {kind}; use one of {kinds}.</source>
        <translation>第 {row} 行：没有 {kind} 这种层；请使用 {kinds} 之一。</translation>
    </message>
    <message>
        <source>row {row}: branches holds a list of at least two layer lists, not {value}.</source>
        <translation>第 {row} 行：branches 应当包含至少两个层列表，而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: residual has no setting {option}; it takes {options}.</source>
        <translation>第 {row} 行：residual 没有设置项 {option}；它接受 {options}。</translation>
    </message>
    <message>
        <source>row {row}: shortcut of residual is one of {shortcuts}, not {value}.</source>
        <translation>第 {row} 行：residual 的 shortcut 只能是 {shortcuts} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: residual needs its layers setting.</source>
        <translation>第 {row} 行：residual 需要设置 layers。</translation>
    </message>
    <message>
        <source>row {row}: the settings of {kind} are a table such as {{{example}: 3}}, not {value}.</source>
        <translation>第 {row} 行：{kind} 的设置应当是像 {{{example}: 3}} 这样的表，而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: {kind} takes no settings, but has {option}.</source>
        <translation>第 {row} 行：{kind} 不需要设置，但这里有 {option}。</translation>
    </message>
    <message>
        <source>row {row}: {kind} has no setting {option}; it takes {options}.</source>
        <translation>第 {row} 行：{kind} 没有 {option} 这个设置；它接受 {options}。</translation>
    </message>
    <message>
        <source>row {row}: {kind} needs its {option} setting.</source>
        <translation>第 {row} 行：{kind} 需要设置 {option}。</translation>
    </message>
    <message>
        <source>row {row}: {option} of {kind} must be a whole number of at least {minimum}, not {value}.</source>
        <translation>第 {row} 行：{kind} 的 {option} 必须是不小于 {minimum} 的整数，而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: {option} of {kind} must be true or false, not {value}.</source>
        <translation>第 {row} 行：{kind} 的 {option} 必须是 true 或 false，而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: {option} of {kind} must be a number above 0, not {value}.</source>
        <translation>第 {row} 行：{kind} 的 {option} 必须是大于 0 的数，而不是 {value}。</translation>
    </message>
    <message>
        <source>row {row}: p of dropout must be a number from 0 up to (not including) 1, not {value}.</source>
        <translation>第 {row} 行：dropout 的 p 必须是从 0 到 1（不含 1）的数，而不是 {value}。</translation>
    </message>
    <message>
        <source>Only gray or RGB models can take an image file, not {channels}-channel ones.</source>
        <translation>只有灰度或 RGB 输入的模型能读取图片文件，{channels} 通道的模型不行。</translation>
    </message>
    <message>
        <source>The run was stopped before it started.</source>
        <translation>运行在开始之前就被停止了。</translation>
    </message>
    <message>
        <source>The training process ended unexpectedly (exit code {code}); the checkpoint of the last finished epoch is kept.</source>
        <translation>训练进程意外结束（退出码 {code}）；最后完成的一轮的检查点已保留。</translation>
    </message>
    <message>
        <source>The training process ended unexpectedly (exit code {code}).</source>
        <translation>训练进程意外结束（退出码 {code}）。</translation>
    </message>
    <message>
        <source>Exporting to ONNX needs the {names} package(s), which are not installed; install them with {INSTALL}.</source>
        <translation>导出 ONNX 需要 {names} 包，但它们没有安装；请用 {INSTALL} 安装。</translation>
    </message>
    <message>
        <source>A PyTorch file is written to a file ending in .py, not {file}.</source>
        <translation>PyTorch 文件要写到以 .py 结尾的文件中，而不是 {file}。</translation>
    </message>
    <message>
        <source>An ONNX model is written to a file ending in .onnx, not {file}.</source>
        <translation>ONNX 模型要写到以 .onnx 结尾的文件，而不是 {file}。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist, so {file} cannot be written there; make the folder or choose another.</source>
        <translation>文件夹 {folder} 不存在，无法在那里写入 {file}；请先创建该文件夹，或换一个文件夹。</translation>
    </message>
    <message>
        <source>{failure}, so the design was not exported.</source>
        <translation>{failure}，因此没有导出该设计。</translation>
    </message>
    <message>
        <source>The {model} model cannot be exported to ONNX ({problem}).</source>
        <translation>{model} 模型无法导出为 ONNX（{problem}）。</translation>
    </message>
    <message>
        <source>{failure}, so the model was not exported.</source>
        <translation>{failure}，因此模型没有导出。</translation>
    </message>
    <message>
        <source>The run in {path} has no checkpoint (it ended before its first epoch finished), so there is no model to export.</source>
        <translation>{path} 中的运行没有检查点（它在第一轮结束前就停止了），因此没有可导出的模型。</translation>
    </message>
    <message>
        <source>A report is written as .html or .pdf, not {suffix} ({file}).</source>
        <translation>报告只能写成 .html 或 .pdf，而不是 {suffix}（{file}）。</translation>
    </message>
    <message>
        <source>{path} is a folder; give the report&apos;s file name, ending in .html or .pdf.</source>
        <translation>{path} 是文件夹；请给出报告的文件名，以 .html 或 .pdf 结尾。</translation>
    </message>
    <message>
        <source>{failure}, so the report was not saved.</source>
        <translation>{failure}，因此报告没有保存。</translation>
    </message>
    <message>
        <source>The run {path} has no checkpoint.pt, so its test predictions cannot be computed.</source>
        <translation>运行 {path} 没有 checkpoint.pt，因此无法计算它在测试集上的预测。</translation>
    </message>
    <message>
        <source>The checkpoint of {path} was trained on classes {names}, but its test set has {names2}.</source>
        <translation>{path} 的检查点训练于类别 {names}，但它的测试集是 {names2}。</translation>
    </message>
    <message>
        <source>The checkpoint of {path} expects {input_shape} images, but its test set holds {input_shape2}.</source>
        <translation>{path} 的检查点需要 {input_shape} 的图片，但它的测试集是 {input_shape2}。</translation>
    </message>
    <message>
        <source>The run folder {path} does not say which dataset it was trained on.</source>
        <translation>运行文件夹 {path} 没有写明它训练于哪个数据集。</translation>
    </message>
    <message>
        <source>The runs were trained on different datasets ({a} and {b}); prediction flips need both runs tested on the same images.</source>
        <translation>两次运行训练于不同的数据集（{a} 和 {b}）；预测翻转需要两次运行在相同的图像上测试。</translation>
    </message>
    <message>
        <source>The two {dataset} runs were tested on different images (their seeds or data folders differ: {seed_a} and {seed_b}, {root_a} and {root_b}); prediction flips need the same test set.</source>
        <translation>这两次 {dataset} 运行测试用的图像不同（它们的种子或数据文件夹不同：{seed_a} 和 {seed_b}，{root_a} 和 {root_b}）；预测翻转需要相同的测试集。</translation>
    </message>
    <message>
        <source>{failure} (the weights after epoch {epoch}); the last finished epoch&apos;s checkpoint (epoch {epoch}) is kept in {path}.</source>
        <translation>{failure}（第 {epoch} 轮之后的权重）；最后完成的一轮的检查点（第 {epoch} 轮）保留在 {path}。</translation>
    </message>
    <message>
        <source>The run in {path} has no weights for epoch {epoch}; it keeps epochs {first}–{last}.</source>
        <translation>{path} 中的运行没有第 {epoch} 轮的权重；它保留了第 {first}–{last} 轮。</translation>
    </message>
    <message>
        <source>The run in {path} has no weights for epoch {epoch}; it keeps no epoch history.</source>
        <translation>{path} 中的运行没有第 {epoch} 轮的权重；它没有保留每轮的历史。</translation>
    </message>
    <message>
        <source>{problem} The run&apos;s curves can still be opened.</source>
        <translation>{problem} 这次运行的曲线仍然可以打开。</translation>
    </message>
    <message>
        <source>The runs folder {folder} is a file, not a folder; point CNNLAB_RUNS at a folder.</source>
        <translation>运行目录 {folder} 是一个文件而不是文件夹；请把 CNNLAB_RUNS 指向一个文件夹。</translation>
    </message>
    <message>
        <source>The runs folder {folder} cannot be read ({reason}).</source>
        <translation>无法读取运行目录 {folder}（{reason}）。</translation>
    </message>
    <message>
        <source>There is no readable run {name} in {folder}.</source>
        <translation>{folder} 中没有可读取的运行 {name}。</translation>
    </message>
    <message>
        <source>There is no run number {number}: `cnnlab runs` numbers the {count} runs in {folder} from 1 to {count}.</source>
        <translation>没有编号为 {number} 的运行：`cnnlab runs` 把 {folder} 中的 {count} 个运行从 1 编号到 {count}。</translation>
    </message>
    <message>
        <source>No run matches {name}: give a run folder, the name of a folder in {folder}, or a run&apos;s number from `cnnlab runs`.</source>
        <translation>没有与 {name} 匹配的运行：请给出运行文件夹、{folder} 中某个文件夹的名字，或 `cnnlab runs` 中的运行编号。</translation>
    </message>
    <message>
        <source>{path} is not in the runs folder {folder}.</source>
        <translation>{path} 不在运行目录 {folder} 中。</translation>
    </message>
    <message>
        <source>{failure}; the run&apos;s note and name are unchanged.</source>
        <translation>{failure}；这次运行的备注和名称没有改变。</translation>
    </message>
    <message>
        <source>{run} is still training; stop it before deleting it.</source>
        <translation>{run} 仍在训练；请先停止再删除。</translation>
    </message>
    <message>
        <source>Cannot move {path} to the trash ({reason}); nothing was deleted.</source>
        <translation>无法把 {path} 移到回收站（{reason}）；没有删除任何东西。</translation>
    </message>
    <message>
        <source>The deleted run is no longer in the trash ({path}).</source>
        <translation>删除的运行已不在回收站中（{path}）。</translation>
    </message>
    <message>
        <source>{path} exists again, so the deleted run stays in the trash at {trashed}.</source>
        <translation>{path} 又已存在，因此删除的运行仍留在回收站 {trashed}。</translation>
    </message>
    <message>
        <source>Cannot move {path} back ({reason}); it stays in the trash.</source>
        <translation>无法把 {path} 移回原处（{reason}）；它仍留在回收站。</translation>
    </message>
    <message>
        <source>{failure}, so the run has no folder to be saved in; {advice}.</source>
        <translation>{failure}，因此这次运行没有可以保存的文件夹；请{advice}。</translation>
    </message>
    <message>
        <source>Could not make a new run folder in {folder}.</source>
        <translation>无法在 {folder} 中新建运行文件夹。</translation>
    </message>
    <message>
        <source>{path} already holds a run; choose another --out folder so it is not overwritten.</source>
        <translation>{path} 中已经有一次运行；请选择另一个 --out 文件夹，以免覆盖它。</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder; choose another --out folder.</source>
        <translation>{path} 是文件而不是文件夹；请选择另一个 --out 文件夹。</translation>
    </message>
    <message>
        <source>Cannot create the run folder {path}: {reason}.</source>
        <translation>无法创建运行文件夹 {path}：{reason}。</translation>
    </message>
    <message>
        <source>the last finished epoch&apos;s checkpoint (epoch {epoch}) is kept in {path}</source>
        <translation>最后完成的一轮的检查点（第 {epoch} 轮）保留在 {path}</translation>
    </message>
    <message>
        <source>no epoch had finished yet, so there is no checkpoint to keep</source>
        <translation>还没有完成任何一轮，因此没有可保留的检查点</translation>
    </message>
    <message>
        <source>{failure} ({what}); {kept}.</source>
        <translation>{failure}（{what}）；{kept}。</translation>
    </message>
    <message>
        <source>the run could not start</source>
        <translation>运行无法开始</translation>
    </message>
    <message>
        <source>epoch {epoch} could not be saved</source>
        <translation>第 {epoch} 轮无法保存</translation>
    </message>
    <message>
        <source>the stopped run&apos;s weights could not be saved</source>
        <translation>已停止运行的权重无法保存</translation>
    </message>
    <message>
        <source>the run&apos;s results could not be saved</source>
        <translation>运行的结果无法保存</translation>
    </message>
    <message>
        <source>{named} and {count} more</source>
        <translation>{named} 等另外 {count} 项</translation>
    </message>
    <message>
        <source>The run folder {folder} has values that are not usable numbers ({named}); the run shows them as missing and its files are left as they are.</source>
        <translation>运行文件夹 {folder} 中有无法使用的数值（{named}）；这些值显示为缺失，文件保持原样。</translation>
    </message>
    <message>
        <source>The run folder {folder} has a damaged {file}: it is not text.</source>
        <translation>运行文件夹 {folder} 中的 {file} 已损坏：它不是文本。</translation>
    </message>
    <message>
        <source>The run folder {folder} has a damaged {file}: line {line} is not valid JSON ({reason}).</source>
        <translation>运行文件夹 {folder} 中的 {file} 已损坏：第 {line} 行不是有效的 JSON（{reason}）。</translation>
    </message>
    <message>
        <source>The run folder {folder} has a damaged {file}: it is nested too deeply to read.</source>
        <translation>运行文件夹 {folder} 中的 {file} 已损坏：嵌套层数太深，无法读取。</translation>
    </message>
    <message>
        <source>The run folder {folder} has a {file} that cannot be read ({reason}).</source>
        <translation>运行文件夹 {folder} 中的 {file} 无法读取（{reason}）。</translation>
    </message>
    <message>
        <source>The run folder {folder} has a damaged {file}: it holds {kind}, not {want_text}.</source>
        <translation>运行文件夹 {folder} 中的 {file} 已损坏：其中是{kind}，而不是{want_text}。</translation>
    </message>
    <message>
        <source>The run folder {folder} has a damaged {file}: line {count} is not valid JSON.</source>
        <translation>运行文件夹 {folder} 中的 {file} 已损坏：第 {count} 行不是有效的 JSON。</translation>
    </message>
    <message>
        <source>The run folder {folder} has a damaged {file}: line {count} holds {kind}, not one epoch&apos;s numbers.</source>
        <translation>运行文件夹 {folder} 中的 {file} 已损坏：第 {count} 行是{kind}，而不是一轮的数字。</translation>
    </message>
    <message>
        <source>The run folder {path} does not exist.</source>
        <translation>运行文件夹 {path} 不存在。</translation>
    </message>
    <message>
        <source>{path} is not a cnnlab run folder (it has no {file}).</source>
        <translation>{path} 不是 cnnlab 的运行文件夹（其中没有 {file}）。</translation>
    </message>
    <message>
        <source>the run&apos;s settings</source>
        <translation>运行的设置</translation>
    </message>
    <message>
        <source>The run folder {path} has a damaged {file}: its {key} is {kind}, not a name.</source>
        <translation>运行文件夹 {path} 中的 {file} 已损坏：它的 {key} 是{kind}，而不是名称。</translation>
    </message>
    <message>
        <source>the run&apos;s results</source>
        <translation>运行的结果</translation>
    </message>
    <message>
        <source>the writing process</source>
        <translation>写入它的进程</translation>
    </message>
    <message>
        <source>choose the folder that holds its files with Data folder…</source>
        <translation>用“数据文件夹…”选择存放它的文件的文件夹</translation>
    </message>
    <message>
        <source>choose the CPU as the device</source>
        <translation>把设备选为 CPU</translation>
    </message>
    <message>
        <source>an image-folder tree chosen with Data folder…</source>
        <translation>用“数据文件夹…”选择的图片文件夹</translation>
    </message>
    <message>
        <source>set CNNLAB_RUNS to a folder that can be written</source>
        <translation>把 CNNLAB_RUNS 设为一个可以写入的文件夹</translation>
    </message>
    <message>
        <source>The run failed.</source>
        <translation>训练失败。</translation>
    </message>
    <message>
        <source>{section} needs the {title} files: {problem}</source>
        <translation>{section} 需要 {title} 的文件：{problem}</translation>
    </message>
    <message>
        <source>The recipe must be default or course, not {recipe}.</source>
        <translation>配方必须是 default 或 course，而不是 {recipe}。</translation>
    </message>
    <message>
        <source>{path} is too short to be an IDX image file.</source>
        <translation>{path} 太短，不可能是 IDX 图片文件。</translation>
    </message>
    <message>
        <source>{path} is not an IDX image file (magic number {magic:#010x}, expected {expected:#010x}).</source>
        <translation>{path} 不是 IDX 图片文件（魔数 {magic:#010x}，应为 {expected:#010x}）。</translation>
    </message>
    <message>
        <source>{path} is truncated or padded: header promises {count} images of {h}×{w} ({expected} bytes) but the file has {size} bytes.</source>
        <translation>{path} 被截断或有多余数据：文件头写明 {count} 张 {h}×{w} 的图片（{expected} 字节），但文件有 {size} 字节。</translation>
    </message>
    <message>
        <source>{path} is too short to be an IDX label file.</source>
        <translation>{path} 太短，不可能是 IDX 标签文件。</translation>
    </message>
    <message>
        <source>{path} is not an IDX label file (magic number {magic:#010x}, expected {expected:#010x}).</source>
        <translation>{path} 不是 IDX 标签文件（魔数 {magic:#010x}，应为 {expected:#010x}）。</translation>
    </message>
    <message>
        <source>{path} is truncated or padded: header promises {count} labels but the file has {count2}.</source>
        <translation>{path} 被截断或有多余数据：文件头写明 {count} 个标签，但文件中有 {count2} 个。</translation>
    </message>
    <message>
        <source>{folder} holds the official {actual} files ({files}), not {dataset}; load them as {actual} or point to the {dataset} files.</source>
        <translation>{folder} 中是官方的 {actual} 文件（{files}），不是 {dataset}；请按 {actual} 加载，或指向 {dataset} 的文件。</translation>
    </message>
    <message>
        <source>The files in {folder} are not the official {dataset} files (their contents differ); they are loaded as {dataset} all the same.</source>
        <translation>{folder} 中的文件不是官方的 {dataset} 文件（内容不同）；仍按 {dataset} 加载。</translation>
    </message>
    <message>
        <source>{images} holds {count} images but {labels} holds {count2} labels.</source>
        <translation>{images} 有 {count} 张图片，但 {labels} 有 {count2} 个标签。</translation>
    </message>
    <message>
        <source>{path} has label {label}, but this dataset has {classes} classes.</source>
        <translation>{path} 中有标签 {label}，但这个数据集只有 {classes} 个类别。</translation>
    </message>
    <message>
        <source>Downloading {name} failed ({problem}); check the internet connection or copy the IDX files by hand.</source>
        <translation>下载 {name} 失败（{problem}）；请检查网络连接，或手动复制 IDX 文件。</translation>
    </message>
    <message>
        <source>Early stopping can watch {names}, not {monitor}.</source>
        <translation>早停可以监视 {names}，而不是 {monitor}。</translation>
    </message>
    <message>
        <source>The checkpoint expects {h}×{w} images; image folders are resized to squares only.</source>
        <translation>检查点需要 {h}×{w} 的图片；图片文件夹只会被缩放成正方形。</translation>
    </message>
    <message>
        <source>The checkpoint was trained on classes {names}, but {name} has {names2}.</source>
        <translation>检查点训练于类别 {names}，但 {name} 的类别是 {names2}。</translation>
    </message>
    <message>
        <source>{name} images are {input_shape}, but the checkpoint expects {input_shape2}.</source>
        <translation>{name} 的图片是 {input_shape}，但检查点需要 {input_shape2}。</translation>
    </message>
    <message>
        <source>{path} holds no training state (it was saved before runs could be continued), so the run can be evaluated but not continued.</source>
        <translation>{path} 中没有训练状态（它保存于“继续训练”功能之前），因此这次运行可以评估但不能继续训练。</translation>
    </message>
    <message>
        <source>{path} has a damaged training state (it lacks {value}), so the run cannot be continued.</source>
        <translation>{path} 的训练状态已损坏（缺少 {value}），因此这次运行不能继续训练。</translation>
    </message>
    <message>
        <source>The training set now has {images} images in {batches} batches; the run was trained on {saved_images} in {saved_batches}, so it cannot be continued on this data.</source>
        <translation>训练集现在有 {images} 张图片、{batches} 个批次；这次运行当初用的是 {saved_images} 张、{saved_batches} 个批次，因此不能在这些数据上继续训练。</translation>
    </message>
    <message>
        <source>googlenet&apos;s wide_kernel must be 3 or 5, not {wide_kernel}.</source>
        <translation>googlenet 的 wide_kernel 必须是 3 或 5，而不是 {wide_kernel}。</translation>
    </message>
    <message>
        <source>Unknown model {name}; choose one of: {names}.</source>
        <translation>未知的模型 {name}；请从以下选择：{names}。</translation>
    </message>
    <message>
        <source>{name} needs at least two classes, got {num_classes}.</source>
        <translation>{name} 至少需要两个类别，现在只有 {num_classes} 个。</translation>
    </message>
    <message>
        <source>{name} cannot be built for {in_channels}×{height}×{width} inputs: {problem}</source>
        <translation>{name} 无法为 {in_channels}×{height}×{width} 的输入构建：{problem}</translation>
    </message>
    <message>
        <source>{name} needs images of at least {minimum}×{minimum} pixels, got {height}×{width}.</source>
        <translation>{name} 需要至少 {minimum}×{minimum} 像素的图片，现在是 {height}×{width}。</translation>
    </message>
    <message>
        <source>The run in {path} has no checkpoint (it ended before its first epoch finished), so there is nothing to report.</source>
        <translation>{path} 中的运行没有检查点（它在第一轮结束前就停止了），因此没有可报告的内容。</translation>
    </message>
    <message>
        <source>Reports are written in {names}, not {lang}.</source>
        <translation>报告只能用 {names} 写，而不是 {lang}。</translation>
    </message>
    <message>
        <source>Both runs are {a}; name two different run folders to compare.</source>
        <translation>两次运行都是 {a}；请指定两个不同的运行文件夹来对比。</translation>
    </message>
    <message>
        <source>The continuation trains with {threads} CPU thread(s) instead of the {recorded} the run last used, so its result will differ from that of the run left alone.</source>
        <translation>继续训练使用 {threads} 个 CPU 线程，而不是该运行上次使用的 {recorded} 个，因此结果会与不中断的运行不同。</translation>
    </message>
    <message>
        <source>{path} does not record the CPU thread count the run trained with, so the continuation measures one anew and its result may differ from that of the run left alone.</source>
        <translation>{path} 没有记录该运行训练时的 CPU 线程数，因此继续训练会重新测定，结果可能与不中断的运行不同。</translation>
    </message>
    <message>
        <source>The continuation trains with the {threads} CPU thread(s) the run last used, so it ends as the run left alone would have; a count measured now might train faster.</source>
        <translation>继续训练沿用该运行上次使用的 {threads} 个 CPU 线程，因此结果与不中断的运行相同；现在重新测定的线程数可能训练得更快。</translation>
    </message>
    <message>
        <source>The run in {path} is still being trained by another process; wait for it to end or stop it before continuing it.</source>
        <translation>{path} 中的运行仍在被另一个进程训练；请等它结束或停止它，再继续训练。</translation>
    </message>
    <message>
        <source>The run in {path} has no checkpoint (it ended before its first epoch finished), so there is nothing to continue; train it anew.</source>
        <translation>{path} 中的运行没有检查点（它在第一轮结束前就停止了），因此没有可继续的内容；请重新训练。</translation>
    </message>
    <message>
        <source>{path} does not hold the run&apos;s settings, so the run cannot be continued.</source>
        <translation>{path} 中没有运行的设置，因此不能继续训练。</translation>
    </message>
    <message>
        <source>The run in {path} has trained {done} epoch(s) and part of the next; --epochs is the new total, so give more than {done} to train it further.</source>
        <translation>{path} 中的运行已训练 {done} 轮又多一部分；--epochs 是新的总轮数，要继续训练请给出大于 {done} 的数。</translation>
    </message>
    <message>
        <source>The run in {path} has trained {done} epoch(s); --epochs is the new total, so give more than {done} to train it further.</source>
        <translation>{path} 中的运行已训练 {done} 轮；--epochs 是新的总轮数，要继续训练请给出大于 {done} 的数。</translation>
    </message>
    <message>
        <source>--resume continues the run with its own settings; leave out {names} (only --epochs, --threads, --device and --data-root may be given).</source>
        <translation>--resume 用运行自己的设置继续训练；请去掉 {names}（只能给出 --epochs、--threads、--device 和 --data-root）。</translation>
    </message>
    <message>
        <source>The device {device} used last time is not available; training on the CPU.</source>
        <translation>上次使用的设备 {device} 不可用；改在 CPU 上训练。</translation>
    </message>
    <message>
        <source>{layer} is not a convolution layer, so it has no kernels to switch off.</source>
        <translation>{layer} 不是卷积层，没有可以关闭的卷积核。</translation>
    </message>
    <message>
        <source>{layer} has kernels 0..{number}; there is no kernel {bad}.</source>
        <translation>{layer} 的卷积核是 0..{number}；没有卷积核 {bad}。</translation>
    </message>
    <message>
        <source>{layer} has kernels 0..{number}; there is no kernel {kernel}.</source>
        <translation>{layer} 的卷积核是 0..{number}；没有卷积核 {kernel}。</translation>
    </message>
    <message>
        <source>The layer {layer} is not used when the model predicts.</source>
        <translation>模型预测时不会用到层 {layer}。</translation>
    </message>
    <message>
        <source>{layer}&apos;s maps are {height}×{width}; there is no pixel ({row}, {col}).</source>
        <translation>{layer} 的特征图是 {height}×{width}；没有像素 ({row}, {col})。</translation>
    </message>
    <message>
        <source>Grad-CAM needs a layer with feature maps; {layer} does not output (N, C, H, W).</source>
        <translation>Grad-CAM 需要输出特征图的层；{layer} 的输出不是 (N, C, H, W)。</translation>
    </message>
    <message>
        <source>The layer {layer} is not used when the model predicts (it may belong to a training-only auxiliary head).</source>
        <translation>模型预测时不会用到层 {layer}（它可能属于只在训练时使用的辅助输出头）。</translation>
    </message>
    <message>
        <source>The model has no layer called {name}; its layers are: {known}.</source>
        <translation>模型中没有名为 {name} 的层；它的层有：{known}。</translation>
    </message>
    <message>
        <source>{failure}, so the run cannot claim its folder.</source>
        <translation>{failure}，因此本次运行无法占用它的文件夹。</translation>
    </message>
    <message>
        <source>The run folder {path} is in use by another run (process {pid}); wait for it to end or choose another folder.</source>
        <translation>运行文件夹 {path} 正被另一个运行（进程 {pid}）使用；请等它结束，或选择另一个文件夹。</translation>
    </message>
    <message>
        <source>The runs database {path} is busy: another cnnlab window or command is using it; nothing was changed, try again in a moment.</source>
        <translation>运行数据库 {path} 正忙：另一个 cnnlab 窗口或命令正在使用它；没有做任何更改，请稍后再试。</translation>
    </message>
    <message>
        <source>{failure}; the run folders are unchanged.</source>
        <translation>{failure}；运行文件夹没有改动。</translation>
    </message>
    <message>
        <source>The runs database {path} is damaged and could not be set aside; the run folders are unchanged.</source>
        <translation>运行数据库 {path} 已损坏，且无法移到一旁；运行文件夹没有改动。</translation>
    </message>
    <message>
        <source>The runs database {path} cannot be used ({reason}); the run folders are unchanged.</source>
        <translation>无法使用运行数据库 {path}（{reason}）；运行文件夹没有改动。</translation>
    </message>
    <message>
        <source>{problem} The runs are listed straight from their folders.</source>
        <translation>{problem}运行列表直接从各自的文件夹读取。</translation>
    </message>
    <message>
        <source>Interrupted by {signal}; the run is saved: run `cnnlab train --resume {path}` to continue it.</source>
        <translation>被 {signal} 中断；运行已保存：执行 `cnnlab train --resume {path}` 即可继续。</translation>
    </message>
    <message>
        <source>Interrupted by {signal}; what was saved before is kept.</source>
        <translation>被 {signal} 中断；之前保存的内容都保留着。</translation>
    </message>
    <message>
        <source>Class {name} has {count} image(s) in all, too few for the split: none is left for training, so the model cannot learn it.</source>
        <translation>类别 {name} 一共只有 {count} 张图像，不够划分：训练集里一张也没有，模型无法学会它。</translation>
    </message>
    <message>
        <source>{path} holds 32-bit samples from {low} to {high}; only 0 to 65535 can be shown as gray levels.</source>
        <translation>{path} 中是 32 位的样本值，范围 {low} 到 {high}；只有 0 到 65535 能转换为灰度。</translation>
    </message>
    <message>
        <source>{path} holds floating-point samples outside 0 to 1 (from {low} to {high}); float images are read with 0 as black and 1 as white.</source>
        <translation>{path} 中的浮点样本值超出 0 到 1（从 {low} 到 {high}）；浮点图像按 0 为黑、1 为白读取。</translation>
    </message>
    <message>
        <source>{path} uses the pixel format {mode}, which cannot be turned into gray or colour pixels ({problem}).</source>
        <translation>{path} 使用的像素格式 {mode} 无法转换为灰度或彩色像素（{problem}）。</translation>
    </message>
    <message>
        <source>{failure}; the data folder is used now but not remembered.</source>
        <translation>{failure}；这次会使用该数据文件夹，但不会记住它。</translation>
    </message>
    <message>
        <source>The design {name} takes {given} images but {dataset} has {needed}; set input: [{values}] in the design.</source>
        <translation>设计 {name} 接受 {given} 的图像，而 {dataset} 是 {needed}；请在设计中设置 input: [{values}]。</translation>
    </message>
    <message>
        <source>The design {name} has {given} classes but {dataset} has {needed}; set classes: {needed} and out: {needed} on its last linear layer.</source>
        <translation>设计 {name} 有 {given} 个类别，而 {dataset} 有 {needed} 个；请设置 classes: {needed}，并把最后一个线性层设为 out: {needed}。</translation>
    </message>
    <message>
        <source>{dataset} has no fixed image shape or classes, so a design cannot be made for it; choose a dataset such as mnist.</source>
        <translation>{dataset} 没有固定的图像形状或类别，因此无法为它生成设计；请选择 mnist 之类的数据集。</translation>
    </message>
    <message>
        <source>The {model} model&apos;s auxiliary classifiers ({heads}) are left out: they only add to the loss while training, so the design predicts as the model does but trains without them.</source>
        <translation>{model} 模型的辅助分类器（{heads}）没有放进设计：它们只在训练时给损失加项，所以该设计的预测与模型相同，但训练时不带它们。</translation>
    </message>
    <message>
        <source>The {model} model&apos;s layer {layer} ({kind}) cannot be written as a design row yet.</source>
        <translation>{model} 模型的 {layer} 层（{kind}）暂时还不能写成设计中的一行。</translation>
    </message>
    <message>
        <source>The two networks hold different weights ({a} and {b} tensors, or shapes that differ).</source>
        <translation>两个网络的权重不同（{a} 个与 {b} 个张量，或形状不同）。</translation>
    </message>
    <message>
        <source>row {row}: {kind} needs a channels×height×width input, but gets {n} numbers after the flatten in row {flat}; move it before the flatten.</source>
        <translation>第 {row} 行：{kind} 需要 通道×高×宽 的输入，但在第 {flat} 行展平之后只得到 {n} 个数；请把它移到展平之前。</translation>
    </message>
    <message>
        <source>row {row}: gray turns 3 colour channels into 1, but gets {channels}; remove it or use a 1- or 3-channel input.</source>
        <translation>第 {row} 行：gray 把 3 个颜色通道变成 1 个，但得到的是 {channels} 个；请删掉它，或使用 1 或 3 通道的输入。</translation>
    </message>
    <message>
        <source>row {row}: groups {groups} must divide both the {cin} input channels and the {out} output channels.</source>
        <translation>第 {row} 行：groups {groups} 必须同时整除 {cin} 个输入通道和 {out} 个输出通道。</translation>
    </message>
    <message>
        <source>row {row}: padding {padding} is more than half the kernel {kernel}; a pooling pads at most {most}.</source>
        <translation>第 {row} 行：padding {padding} 超过了核 {kernel} 的一半；池化最多填充 {most}。</translation>
    </message>
    <message>
        <source>row {row}: kernel {kernel} on a {height}×{width} input{after}; use a kernel of at most {largest}, pad the input, or remove a pooling before it.</source>
        <translation>第 {row} 行：{height}×{width} 的输入{after}用了 {kernel} 的核；请使用不超过 {largest} 的核、给输入加填充，或删去它前面的一个池化。</translation>
    </message>
    <message>
        <source>row {row}: pooling {kernel} on a {height}×{width} input{after} leaves a 0×0 output; remove this pooling or use a kernel of at most {largest}.</source>
        <translation>第 {row} 行：{height}×{width} 的输入{after}做 {kernel} 的池化，输出为 0×0；请删去这个池化，或使用不超过 {largest} 的核。</translation>
    </message>
    <message>
        <source>, after one pooling</source>
        <translation>（经过一次池化后）</translation>
    </message>
    <message>
        <source>, after two poolings</source>
        <translation>（经过两次池化后）</translation>
    </message>
    <message>
        <source>, after three poolings</source>
        <translation>（经过三次池化后）</translation>
    </message>
    <message>
        <source>, after {count} poolings</source>
        <translation>（经过 {count} 次池化后）</translation>
    </message>
    <message>
        <source>row {row}: linear gets a {shape} input; add a flatten row before it (it then gets {n} numbers).</source>
        <translation>第 {row} 行：linear 得到的是 {shape} 的输入；请在它前面加一行 flatten（之后它得到 {n} 个数）。</translation>
    </message>
    <message>
        <source>row {row}: linear expects {expected} inputs but gets {actual}; set in: {actual}, or leave in out to have it counted.</source>
        <translation>第 {row} 行：linear 期望 {expected} 个输入，但得到 {actual} 个；请设置 in: {actual}，或不写 in，让它自动计算。</translation>
    </message>
    <message>
        <source>row {row}: the residual block turns its {before} input into {after}, so the two cannot be added; keep {channels} channels and the size inside it (stride 1, padding (kernel − 1) / 2), or give the block shortcut: projection.</source>
        <translation>第 {row} 行：残差块把 {before} 的输入变成了 {after}，两者无法相加；请在块内保持 {channels} 个通道和尺寸不变（步长 1，填充 (卷积核 − 1) / 2），或者给该块加上 shortcut: projection。</translation>
    </message>
    <message>
        <source>row {row}: a pad shortcut adds zero channels to the {cin} input channels, but the block&apos;s layers give {cout}, fewer; use shortcut: projection.</source>
        <translation>第 {row} 行：pad 捷径是在 {cin} 个输入通道后补零通道，但块内各层只输出 {cout} 个，更少；请使用 shortcut: projection。</translation>
    </message>
    <message>
        <source>row {row}: a {shortcut} shortcut needs a channels×height×width input and output, but the block turns {before} into {after}; remove the flatten or use a plain residual.</source>
        <translation>第 {row} 行：{shortcut} 捷径要求输入和输出都是 通道×高×宽，但该块把 {before} 变成了 {after}；请去掉 flatten，或使用普通的 residual。</translation>
    </message>
    <message>
        <source>row {row}: the {shortcut} shortcut with stride {stride} turns the {before} input into {height}×{width}, but the block&apos;s layers give {after}; pad its convolutions by (kernel − 1) / 2 so that only strides shrink the map.</source>
        <translation>第 {row} 行：步长为 {stride} 的 {shortcut} 捷径把 {before} 的输入变成 {height}×{width}，但块内各层给出的是 {after}；请把其中卷积的填充设为 (卷积核 − 1) / 2，让只有步长缩小特征图。</translation>
    </message>
    <message>
        <source>row {row}: the dense block turns its {before} input into {after}, so the two cannot be joined on channels; keep the height and width inside it (stride 1, padding (kernel − 1) / 2, no pooling or flatten).</source>
        <translation>第 {row} 行：稠密块把 {before} 的输入变成了 {after}，两者无法在通道上拼接；请在块内保持高和宽不变（步长 1，填充 (卷积核 − 1) / 2，不用池化或 flatten）。</translation>
    </message>
    <message>
        <source>row {row}: the branches give {shapes} outputs, which cannot be joined on channels; give every branch the same height and width (the same strides and paddings, no flatten).</source>
        <translation>第 {row} 行：各分支的输出为 {shapes}，无法在通道上拼接；请让每个分支的高和宽相同（相同的步长和填充，不要展平）。</translation>
    </message>
    <message>
        <source>The network ends with a {shape} output, not {classes} class scores; end it with flatten and linear: {{out: {classes}}}.</source>
        <translation>网络以 {shape} 的输出结束，而不是 {classes} 个类别分数；请以 flatten 和 linear: {{out: {classes}}} 结尾。</translation>
    </message>
    <message>
        <source>row {row}: the last layer gives {n} outputs but the design has {classes} classes; give it out: {classes}, or set classes: {n}.</source>
        <translation>第 {row} 行：最后一层给出 {n} 个输出，但设计有 {classes} 个类别；请设为 out: {classes}，或设置 classes: {n}。</translation>
    </message>
    <message>
        <source>The design file {path} does not exist; to see the built-in model {model} as a design, run cnnlab design from {model} --out {model}.yaml, then cnnlab design show {model}.yaml.</source>
        <translation>设计文件 {path} 不存在；要把内置模型 {model} 看作设计，请运行 cnnlab design from {model} --out {model}.yaml，再运行 cnnlab design show {model}.yaml。</translation>
    </message>
    <message>
        <source>Say what to export to: cnnlab design export FILE --py OUT.py and/or --onnx OUT.onnx.</source>
        <translation>请说明导出到哪里：cnnlab design export FILE --py OUT.py 和/或 --onnx OUT.onnx。</translation>
    </message>
    <message>
        <source>--save-map writes one method&apos;s map; with --sanity every method is checked, so leave --save-map out.</source>
        <translation>--save-map 只写出一种方法的图；加上 --sanity 时会检查所有方法，请去掉 --save-map。</translation>
    </message>
    <message>
        <source>The sanity strip is written as .png, .pdf or .svg, not {suffix} ({file}).</source>
        <translation>合理性检查图条只能写成 .png、.pdf 或 .svg，而不是 {suffix}（{file}）。</translation>
    </message>
    <message>
        <source>LeNet-5&apos;s first layer C1 slides {kernel}×{kernel} kernels over a {side}×{side} digit with stride {stride} and padding {padding}. What side do its output maps have?</source>
        <translation>LeNet-5 的第一层 C1 用 {kernel}×{kernel} 的卷积核在 {side}×{side} 的数字上滑动，步长 {stride}，填充 {padding}。它输出的特征图边长是多少？</translation>
    </message>
    <message>
        <source>side = (in + 2 × padding − kernel) ÷ stride + 1 = ({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = {out}</source>
        <translation>边长 = (输入 + 2 × 填充 − 卷积核) ÷ 步长 + 1 = ({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = {out}</translation>
    </message>
    <message>
        <source>parameters = out × (in + 1) = {units} × ({maps}×{side}×{side} + 1) = {params}</source>
        <translation>参数 = 输出 × (输入 + 1) = {units} × ({maps}×{side}×{side} + 1) = {params}</translation>
    </message>
    <message>
        <source>LeNet-5&apos;s C5 connects the {maps} maps of {side}×{side} left after S4 to {units} units. How many parameters (weights and biases) does it have?</source>
        <translation>LeNet-5 的 C5 把 S4 之后剩下的 {maps} 张 {side}×{side} 特征图连接到 {units} 个单元。它有多少个参数（权重加偏置）？</translation>
    </message>
    <message>
        <source>The dense layer reads the {maps} maps of {side}×{side} left after the second pooling and has {units} units. How many parameters (weights and biases) does it have?</source>
        <translation>这个全连接层读取第二次池化后剩下的 {maps} 张 {side}×{side} 特征图，有 {units} 个单元。它有多少个参数（权重加偏置）？</translation>
    </message>
    <message>
        <source>The colour CNN&apos;s first layer mixes the {cin} colour channels of each pixel into {cout} maps with {k}×{k} kernels. How many parameters (weights and biases) does it have?</source>
        <translation>颜色 CNN 的第一层用 {k}×{k} 卷积核把每个像素的 {cin} 个颜色通道混合成 {cout} 张特征图。它有多少个参数（权重加偏置）？</translation>
    </message>
    <message>
        <source>parameters = out × (in × k × k + 1) = {cout} × ({cin} × {k} × {k} + 1) = {params}</source>
        <translation>参数 = 输出 × (输入 × k × k + 1) = {cout} × ({cin} × {k} × {k} + 1) = {params}</translation>
    </message>
    <message>
        <source>What test accuracy will this network reach?</source>
        <translation>这个网络的测试准确率会是多少？</translation>
    </message>
    <message>
        <source>What test accuracy will this network reach after one epoch?</source>
        <translation>训练一轮后，这个网络的测试准确率会是多少？</translation>
    </message>
    <message>
        <source>What test accuracy will this network reach after {epochs} epochs?</source>
        <translation>训练 {epochs} 轮后，这个网络的测试准确率会是多少？</translation>
    </message>
    <message>
        <source>Which will score higher on the test set: the fully connected DNN or this CNN?</source>
        <translation>在测试集上谁的得分更高：全连接的 DNN 还是这个 CNN？</translation>
    </message>
    <message>
        <source>the DNN</source>
        <translation>DNN</translation>
    </message>
    <message>
        <source>the CNN</source>
        <translation>CNN</translation>
    </message>
    <message>
        <source>a tie</source>
        <translation>打平</translation>
    </message>
    <message>
        <source>Which class will this network most often mistake shirts for?</source>
        <translation>这个网络最常把衬衫错认成哪一类？</translation>
    </message>
    <message>
        <source>The run {folder} has no test accuracy to compare with.</source>
        <translation>运行 {folder} 没有可供比较的测试准确率。</translation>
    </message>
    <message>
        <source>Measured on the test set after one epoch of this run</source>
        <translation>本次运行训练一轮后在测试集上测得</translation>
    </message>
    <message>
        <source>Measured on the test set after {epochs} epochs of this run</source>
        <translation>本次运行训练 {epochs} 轮后在测试集上测得</translation>
    </message>
    <message>
        <source>{measured}.</source>
        <translation>{measured}。</translation>
    </message>
    <message>
        <source>{measured}; the book reports {book}.</source>
        <translation>{measured}；书中为 {book}。</translation>
    </message>
    <message>
        <source>The DNN has no finished run with these settings to compare with; show its step first, then this one again.</source>
        <translation>DNN 还没有用这些设置完成的运行可供比较；请先显示它那一步，再回到这一步。</translation>
    </message>
    <message>
        <source>The DNN {dnn}, the CNN {cnn} on the same test images: the CNN finds an edge wherever it is, the DNN must learn each place on its own.</source>
        <translation>在同样的测试图片上 DNN 为 {dnn}，CNN 为 {cnn}：CNN 无论边缘在哪里都能找到，DNN 却必须对每个位置分别学习。</translation>
    </message>
    <message>
        <source>This run mistook no shirt for another class, so there is nothing to compare with.</source>
        <translation>这次运行没有把任何衬衫认错，所以没有可比较的。</translation>
    </message>
    <message>
        <source>{most} of the {wrong} shirts it got wrong went to that class: shirts, T-shirts, pullovers and coats share one outline.</source>
        <translation>认错的 {wrong} 件衬衫中有 {most} 件被归到了这一类：衬衫、T 恤、套头衫和外套的轮廓几乎一样。</translation>
    </message>
    <message>
        <source>{failure}, so this prediction is not kept; the predictions saved before are unchanged.</source>
        <translation>{failure}，因此这次预测没有保存；之前保存的预测不变。</translation>
    </message>
    <message>
        <source>it cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>The prediction log {path} cannot be listed: {reason}; it is left as it is.</source>
        <translation>无法列出预测记录 {path}：{reason}；文件保持原样。</translation>
    </message>
    <message>
        <source>One line of the prediction log {path} could not be read; it is left in the file as it is, and the other {kept} predictions are listed.</source>
        <translation>预测记录 {path} 中有一行无法读取；它原样留在文件里，其余 {kept} 条预测已列出。</translation>
    </message>
    <message>
        <source>{count} lines of the prediction log {path} could not be read; they are left in the file as they are, and the other {kept} predictions are listed.</source>
        <translation>预测记录 {path} 中有 {count} 行无法读取；它们原样留在文件里，其余 {kept} 条预测已列出。</translation>
    </message>
    <message>
        <source>Right.</source>
        <translation>对了。</translation>
    </message>
    <message>
        <source>Not this time.</source>
        <translation>这次没猜对。</translation>
    </message>
    <message>
        <source>Exactly right.</source>
        <translation>完全正确。</translation>
    </message>
    <message>
        <source>{points} points too high.</source>
        <translation>高了 {points} 个百分点。</translation>
    </message>
    <message>
        <source>{points} points too low.</source>
        <translation>低了 {points} 个百分点。</translation>
    </message>
    <message>
        <source>{factor}× too high.</source>
        <translation>高了 {factor} 倍。</translation>
    </message>
    <message>
        <source>{factor}× too low.</source>
        <translation>低了 {factor} 倍。</translation>
    </message>
    <message>
        <source>Off by {difference}.</source>
        <translation>相差 {difference}。</translation>
    </message>
    <message>
        <source>{percent} too high.</source>
        <translation>高了 {percent}。</translation>
    </message>
    <message>
        <source>{percent} too low.</source>
        <translation>低了 {percent}。</translation>
    </message>
    <message>
        <source>lower the learning rate (now {lr:g}) to {suggested:g}</source>
        <translation>把学习率（现在是 {lr:g}）降到 {suggested:g}</translation>
    </message>
    <message>
        <source>raise the learning rate (now {lr:g}) to {suggested:g}</source>
        <translation>把学习率（现在是 {lr:g}）提高到 {suggested:g}</translation>
    </message>
    <message>
        <source>check the training labels</source>
        <translation>检查训练标签</translation>
    </message>
    <message>
        <source>train on all the training images, not {images}</source>
        <translation>用全部训练图片训练，而不是 {images} 张</translation>
    </message>
    <message>
        <source>At epoch {epoch} the gradients became infinite or not a number: the steps are far too big for this network; {advice}.</source>
        <translation>第 {epoch} 轮时梯度变成了无穷大或非数值：对这个网络来说步子太大了；请{advice}。</translation>
    </message>
    <message>
        <source>At epoch {epoch} the gradients grew {times:,} times larger than at the start (norm {peak:.3g} against {start:.3g}): the steps are far too big for this network; {advice}.</source>
        <translation>第 {epoch} 轮时梯度比开始时大了 {times:,} 倍（范数 {peak:.3g}，开始时 {start:.3g}）：对这个网络来说步子太大了；请{advice}。</translation>
    </message>
    <message>
        <source>At epoch {epoch} ReLUs went silent (dead ReLUs): the share of units that never fired on {images} images is {layers}; silent units pass nothing on and no longer learn, so {advice}, or check those layers&apos; starting weights and biases.</source>
        <translation>第 {epoch} 轮时 ReLU 沉默了（死亡 ReLU）：在 {images} 张图片上从未激活的单元比例为 {layers}；沉默的单元不传递任何信息，也不再学习，所以请{advice}，或检查这些层的初始权重和偏置。</translation>
    </message>
    <message>
        <source>{labels:.0%} of the training images are labelled {name}, so the model answers {name} for {share:.0%} of the held-out images: it learned the labels&apos; imbalance, not the pictures. Check the labels, or give the other classes their images.</source>
        <translation>{labels:.0%} 的训练图片标为 {name}，所以模型对 {share:.0%} 的留出图片都回答 {name}：它学到的是标签的不平衡，而不是图片。请检查标签，或为其他类别补上图片。</translation>
    </message>
    <message>
        <source>At epoch {epoch} the model answers {name} for {share:.0%} of the held-out images: it has collapsed to one class; {advice}.</source>
        <translation>第 {epoch} 轮时模型对 {share:.0%} 的留出图片都回答 {name}：它塌缩成了只认一个类别；请{advice}。</translation>
    </message>
    <message>
        <source>At epoch {epoch} the validation accuracy is {acc:.1%}, no better than always answering the most common class ({chance:.1%}): the model has learned nothing; {advice}.</source>
        <translation>第 {epoch} 轮时验证准确率为 {acc:.1%}，不比总是回答最常见的类别（{chance:.1%}）好：模型什么也没学到；请{advice}。</translation>
    </message>
    <message>
        <source>The test accuracy is {acc:.1%}, no better than always answering the most common class ({chance:.1%}): the run finished, but the model learned nothing; {advice}.</source>
        <translation>测试准确率为 {acc:.1%}，不比总是回答最常见的类别（{chance:.1%}）好：运行完成了，但模型什么也没学到；请{advice}。</translation>
    </message>
    <message>
        <source>After {epochs} epochs the training loss has barely moved ({first:.3f} at the start, {now:.3f} now): the learning rate is too low for the model to learn in time; {advice}.</source>
        <translation>训练 {epochs} 轮后训练损失几乎没变（开始时 {first:.3f}，现在 {now:.3f}）：学习率太低，模型来不及学会；请{advice}。</translation>
    </message>
    <message>
        <source>From epoch {epoch} the validation loss rose ({best:.3f} at epoch {best_epoch}, {now:.3f} at epoch {last}) while the training loss kept falling: the model is memorising its training images instead of learning the classes. Turn on augmentation, or train for {best_epoch} epoch(s).</source>
        <translation>从第 {epoch} 轮起验证损失上升（第 {best_epoch} 轮为 {best:.3f}，第 {last} 轮为 {now:.3f}），而训练损失仍在下降：模型在死记训练图片，而不是学习类别。请打开数据增强，或只训练 {best_epoch} 轮。</translation>
    </message>
    <message>
        <source>No change of settings fixes this finding ({code}): it is about the data, not the training.</source>
        <translation>改设置解决不了这个问题（{code}）：问题出在数据上，而不是训练。</translation>
    </message>
    <message>
        <source>Row {row} has no numbers yet: the design breaks at or before it; fix the red row first.</source>
        <translation>第 {row} 行还没有数值：设计在这一行或之前就出错了；请先修正标红的行。</translation>
    </message>
    <message>
        <source>Row {row} ({kind}) gets a {input} input. How many numbers does it give?</source>
        <translation>第 {row} 行（{kind}）的输入是 {input}。它输出多少个数？</translation>
    </message>
    <message>
        <source>Row {row} ({kind}) gets a {input} input. What shape (channels×height×width) is its output?</source>
        <translation>第 {row} 行（{kind}）的输入是 {input}。它的输出形状（通道×高×宽）是什么？</translation>
    </message>
    <message>
        <source>side = (in + 2 × padding − kernel) ÷ stride + 1 = ({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = {out}, rounded down; channels = out = {channels}: {shape}</source>
        <translation>边长 = (输入 + 2 × 填充 − 卷积核) ÷ 步长 + 1 = ({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = {out}，向下取整；通道数 = 输出数 = {channels}：{shape}</translation>
    </message>
    <message>
        <source>side = (in + 2 × padding − kernel) ÷ stride + 1 = ({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = {out}, rounded down; a pooling keeps the {channels} channels: {shape}</source>
        <translation>边长 = (输入 + 2 × 填充 − 核) ÷ 步长 + 1 = ({side} + 2 × {padding} − {kernel}) ÷ {stride} + 1 = {out}，向下取整；池化保持 {channels} 个通道不变：{shape}</translation>
    </message>
    <message>
        <source>global average pooling averages each of the {channels} maps to one value: {shape}</source>
        <translation>全局平均池化把 {channels} 张特征图各平均成一个值：{shape}</translation>
    </message>
    <message>
        <source>N = C × H × W = {c} × {h} × {w} = {n}</source>
        <translation>N = C × H × W = {c} × {h} × {w} = {n}</translation>
    </message>
    <message>
        <source>a linear layer gives out = {n} numbers, whatever it gets</source>
        <translation>线性层无论输入是什么，都输出 out = {n} 个数</translation>
    </message>
    <message>
        <source>the branches are joined on channels: {parts} = {channels} channels: {shape}</source>
        <translation>各分支在通道上拼接：{parts} = {channels} 个通道：{shape}</translation>
    </message>
    <message>
        <source>a dense block joins its layers&apos; {new} new channels onto its {cin} input channels: {shape}</source>
        <translation>稠密块把各层新增的 {new} 个通道拼接到 {cin} 个输入通道上：{shape}</translation>
    </message>
    <message>
        <source>a residual block adds its skip path to its layers&apos; output, so it gives their shape: {shape}</source>
        <translation>残差块把跳连接加到各层的输出上，所以形状与它们相同：{shape}</translation>
    </message>
    <message>
        <source>{kind} keeps the shape of its input: {shape}</source>
        <translation>{kind} 保持输入的形状：{shape}</translation>
    </message>
    <message>
        <source>Row {row} ({kind}) gets a {input} input. How many parameters (weights and biases) does it have?</source>
        <translation>第 {row} 行（{kind}）的输入是 {input}。它有多少个参数（权重加偏置）？</translation>
    </message>
    <message>
        <source>parameters = out × (in × k × k ÷ groups + 1) = {out} × ({cin} × {k} × {k} ÷ {groups} + 1) = {params}</source>
        <translation>参数 = 输出 × (输入 × k × k ÷ 分组 + 1) = {out} × ({cin} × {k} × {k} ÷ {groups} + 1) = {params}</translation>
    </message>
    <message>
        <source>parameters = out × in × k × k ÷ groups = {out} × {cin} × {k} × {k} ÷ {groups} = {params} (no bias)</source>
        <translation>参数 = 输出 × 输入 × k × k ÷ 分组 = {out} × {cin} × {k} × {k} ÷ {groups} = {params}（无偏置）</translation>
    </message>
    <message>
        <source>parameters = out × (in + 1) = {out} × ({n} + 1) = {params}</source>
        <translation>参数 = 输出 × (输入 + 1) = {out} × ({n} + 1) = {params}</translation>
    </message>
    <message>
        <source>parameters = out × in = {out} × {n} = {params} (no bias)</source>
        <translation>参数 = 输出 × 输入 = {out} × {n} = {params}（无偏置）</translation>
    </message>
    <message>
        <source>a batch norm learns a scale and a shift per channel: 2 × {channels} = {params}</source>
        <translation>批归一化为每个通道学习一个缩放和一个平移：2 × {channels} = {params}</translation>
    </message>
    <message>
        <source>a block&apos;s parameters are its rows&apos; added up: {parts} = {params}</source>
        <translation>一个块的参数是其中各行参数之和：{parts} = {params}</translation>
    </message>
    <message>
        <source>{kind} has no weights or biases: 0</source>
        <translation>{kind} 没有权重和偏置：0</translation>
    </message>
    <message>
        <source>The difference ({points} points) is larger than seed-to-seed variation ({method}, {runs} runs).</source>
        <translation>差异（{points} 个百分点）大于不同随机种子之间的波动（{method}，{runs} 次运行）。</translation>
    </message>
    <message>
        <source>The difference ({points} points) is within seed-to-seed variation ({method}, {runs} runs): other seeds could reverse it.</source>
        <translation>差异（{points} 个百分点）在不同随机种子之间的波动范围内（{method}，{runs} 次运行）：换别的种子结果可能反过来。</translation>
    </message>
    <message>
        <source>Welch&apos;s t-test, p = {p}</source>
        <translation>Welch t 检验，p = {p}</translation>
    </message>
    <message>
        <source>95% prediction interval ± {bound} points</source>
        <translation>95% 预测区间 ± {bound} 个百分点</translation>
    </message>
    <message>
        <source>Interrupted by {signal}; the sweep&apos;s finished trials are kept: run the same command to continue it.</source>
        <translation>被 {signal} 中断；扫描中已完成的试验都保留了：再运行同一条命令即可继续。</translation>
    </message>
    <message>
        <source>cnnlab sweep takes one sweep file (or: cnnlab sweep show NAME), not also {extra}.</source>
        <translation>cnnlab sweep 只接受一个扫描文件（或：cnnlab sweep show NAME），不能再加 {extra}。</translation>
    </message>
    <message>
        <source>The sweep was stopped; its finished trials are kept: run `cnnlab sweep {path}` again to continue it.</source>
        <translation>扫描已停止；已完成的试验都保留了：再运行 `cnnlab sweep {path}` 即可继续。</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>Name the sweep to show: cnnlab sweep show NAME (the sweeps: {names}).</source>
        <translation>请说明要显示哪个扫描：cnnlab sweep show NAME（现有扫描：{names}）。</translation>
    </message>
    <message>
        <source>Stopped by the sweep&apos;s pruner after epoch {epoch}: its accuracy was below the median of the trials before it.</source>
        <translation>在第 {epoch} 轮后被扫描的剪枝器停止：它的准确率低于之前各试验的中位数。</translation>
    </message>
    <message>
        <source>A sweep needs at least 1 worker, not {count}.</source>
        <translation>扫描至少需要 1 个工作进程，而不是 {count}。</translation>
    </message>
    <message>
        <source>There is no sweep {name} in {folder}.</source>
        <translation>{folder} 中没有名为 {name} 的扫描。</translation>
    </message>
    <message>
        <source>The sweep&apos;s manifest {path} is damaged: it is not the JSON a sweep writes.</source>
        <translation>扫描的清单 {path} 已损坏：它不是扫描写出的 JSON。</translation>
    </message>
    <message>
        <source>The sweep&apos;s manifest {path} is damaged: it holds {kind}, not a sweep&apos;s spec and trials.</source>
        <translation>扫描的清单 {path} 已损坏：其中是 {kind}，而不是扫描的设置和试验。</translation>
    </message>
    <message>
        <source>{failure}, so the sweep has no folder.</source>
        <translation>{failure}，因此扫描没有文件夹。</translation>
    </message>
    <message>
        <source>The sweep {name} is being run by another process ({pid}); wait for it to end.</source>
        <translation>扫描 {name} 正由另一个进程（{pid}）运行；请等它结束。</translation>
    </message>
    <message>
        <source>A sweep named {name} with other settings is in {folder}; give this one another name, or move that folder away to start it again.</source>
        <translation>{folder} 中已有一个设置不同、名为 {name} 的扫描；请给这个扫描换个名字，或把那个文件夹移走后重新开始。</translation>
    </message>
    <message>
        <source>{failure}; the sweep&apos;s finished trials are kept.</source>
        <translation>{failure}；扫描中已完成的试验都保留了。</translation>
    </message>
    <message>
        <source>The sweep {name} has no completed trial yet, so there is nothing to plot.</source>
        <translation>扫描 {name} 还没有完成的试验，所以没有可画的图。</translation>
    </message>
    <message>
        <source>The sweep was stopped; this trial trains again when the sweep is continued.</source>
        <translation>扫描已停止；继续扫描时会重新训练这个试验。</translation>
    </message>
    <message>
        <source>No Ray cluster answers at {address} ({reason}); start one with `ray start --head` and give its address.</source>
        <translation>{address} 上没有 Ray 集群响应（{reason}）；请用 `ray start --head` 启动一个并给出它的地址。</translation>
    </message>
    <message>
        <source>Training on a Ray cluster needs Ray: pip install &apos;cnnlab[cluster]&apos;.</source>
        <translation>在 Ray 集群上训练需要 Ray：pip install &apos;cnnlab[cluster]&apos;。</translation>
    </message>
    <message>
        <source>No Ray cluster could be reached at {address} ({reason}); start one with `ray start --head` and give its address.</source>
        <translation>无法连接到 {address} 上的 Ray 集群（{reason}）；请用 `ray start --head` 启动一个并给出它的地址。</translation>
    </message>
    <message>
        <source>The trial&apos;s Ray task failed ({problem}).</source>
        <translation>该试验的 Ray 任务失败了（{problem}）。</translation>
    </message>
    <message>
        <source>The run folder {path} no longer holds the completed run of trial {number}, so it is left out.</source>
        <translation>运行文件夹 {path} 中已不再有第 {number} 个试验的完整运行，因此略去它。</translation>
    </message>
    <message>
        <source>the sweep file {path}</source>
        <translation>扫描文件 {path}</translation>
    </message>
    <message>
        <source>The sweep file {path} does not exist.</source>
        <translation>扫描文件 {path} 不存在。</translation>
    </message>
    <message>
        <source>The sweep file {path} cannot be read: {reason}.</source>
        <translation>无法读取扫描文件 {path}：{reason}。</translation>
    </message>
    <message>
        <source>The sweep file {path} is not valid YAML (line {line}: {problem}).</source>
        <translation>扫描文件 {path} 不是有效的 YAML（第 {line} 行：{problem}）。</translation>
    </message>
    <message>
        <source>the sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>A sweep is a table with name, base and vary, not {kind} ({source}).</source>
        <translation>扫描应是含 name、base 和 vary 的表，而不是 {kind}（{source}）。</translation>
    </message>
    <message>
        <source>In {source}, {key} is not a sweep entry; the entries are {keys}.</source>
        <translation>{source} 中的 {key} 不是扫描的条目；条目有 {keys}。</translation>
    </message>
    <message>
        <source>In {source}, the {key} entry is missing.</source>
        <translation>{source} 中缺少 {key} 条目。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a name of letters, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos; (it names the sweep&apos;s folder), not {value}.</source>
        <translation>{source} 中的 {key} 必须是由字母、数字、&apos;.&apos;、&apos;-&apos; 和 &apos;_&apos; 组成的名字（它用作扫描文件夹的名字），而不是 {value}。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be one of {choices}, not {value}.</source>
        <translation>{source} 中的 {key} 必须是 {choices} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a whole number of at least {least}, not {value}.</source>
        <translation>{source} 中的 {key} 必须是不小于 {least} 的整数，而不是 {value}。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a table of training settings, not {kind}.</source>
        <translation>{source} 中的 {key} 必须是训练设置的表，而不是 {kind}。</translation>
    </message>
    <message>
        <source>In {source}, {key} is not a setting a sweep can fix; the settings are {keys}.</source>
        <translation>{source} 中的 {key} 不是扫描可以固定的设置；可用的设置有 {keys}。</translation>
    </message>
    <message>
        <source>In {source}, {key} cannot be turned off: a sweep&apos;s trials are reproducible, so the spread of its repeats is the seeds&apos; alone.</source>
        <translation>{source} 中的 {key} 不能关闭：扫描的试验都是可复现的，这样重复之间的差异才只来自随机种子。</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>In {source}, {key} must be {want}, not {value}.</source>
        <translation>{source} 中的 {key} 必须是{want}，而不是 {value}。</translation>
    </message>
    <message>
        <source>In {source}, {key}: {problem}</source>
        <translation>{source} 中的 {key}：{problem}</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a table of the settings to vary ({keys}), not {kind}.</source>
        <translation>{source} 中的 {key} 必须是要变化的设置的表（{keys}），而不是 {kind}。</translation>
    </message>
    <message>
        <source>In {source}, {key} cannot be varied; a sweep varies {keys}.</source>
        <translation>{source} 中的 {key} 不能变化；扫描可以变化的是 {keys}。</translation>
    </message>
    <message>
        <source>In {source}, {key} is both fixed in base and varied; keep one.</source>
        <translation>{source} 中的 {key} 既在 base 中固定又在变化；请只保留一处。</translation>
    </message>
    <message>
        <source>In {source}, {key} gives nothing to search but seeds; repeats of one setup are search: grid.</source>
        <translation>{source} 中的 {key} 除了随机种子没有可搜索的；同一设置的重复请用 search: grid。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a list of values{or_range}, not {value}.</source>
        <translation>{source} 中的 {key} 必须是一组值{or_range}，而不是 {value}。</translation>
    </message>
    <message>
        <source> or a range (min, max and log)</source>
        <translation>或一个范围（min、max 和 log）</translation>
    </message>
    <message>
        <source>In {source}, {key} is an empty list; give at least one value.</source>
        <translation>{source} 中的 {key} 是空列表；请至少给一个值。</translation>
    </message>
    <message>
        <source>In {source}, {key} lists {value} twice.</source>
        <translation>{source} 中的 {key} 把 {value} 列了两次。</translation>
    </message>
    <message>
        <source>In {source}, {key} takes a list of values, not a range.</source>
        <translation>{source} 中的 {key} 接受一组值，而不是范围。</translation>
    </message>
    <message>
        <source>In {source}, {key} is a range, which a grid cannot list; give a list of values, or search: random or tpe.</source>
        <translation>{source} 中的 {key} 是一个范围，网格搜索无法逐一列出；请给一组值，或使用 search: random 或 tpe。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a range {{min, max, log}} with min below max ({kind} numbers) and log true or false, not {value}.</source>
        <translation>{source} 中的 {key} 必须是范围 {{min, max, log}}，其中 min 小于 max（{kind}数），log 为 true 或 false，而不是 {value}。</translation>
    </message>
    <message>
        <source>whole</source>
        <translation>整</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>In {source}, {key} is searched on a log scale, so its min must be above 0.</source>
        <translation>{source} 中的 {key} 按对数尺度搜索，所以它的 min 必须大于 0。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be true, false or a table {{startup_trials, warmup_epochs}}, not {value}.</source>
        <translation>{source} 中的 {key} 必须是 true、false 或表 {{startup_trials, warmup_epochs}}，而不是 {value}。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a whole number of at least {least} ({keys}), not {value}.</source>
        <translation>{source} 中的 {key} 必须是不小于 {least} 的整数（{keys}），而不是 {value}。</translation>
    </message>
    <message>
        <source>In {source}, {key} is for random and tpe searches; a grid tries every configuration.</source>
        <translation>{source} 中的 {key} 只用于 random 和 tpe 搜索；网格搜索会尝试每一种配置。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a list of configurations (tables of varied settings), not {value}.</source>
        <translation>{source} 中的 {key} 必须是一组配置（变化设置的表），而不是 {value}。</translation>
    </message>
    <message>
        <source>In {source}, {key} = {value} is not one of the values vary gives it.</source>
        <translation>{source} 中的 {key} = {value} 不是 vary 给它的值之一。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a table {{cpus, gpus}}, not {value}.</source>
        <translation>{source} 中的 {key} 必须是表 {{cpus, gpus}}，而不是 {value}。</translation>
    </message>
    <message>
        <source>In {source}, {key} must be a number of at least 0, not {value}.</source>
        <translation>{source} 中的 {key} 必须是不小于 0 的数，而不是 {value}。</translation>
    </message>
    <message>
        <source>The model could not be compiled ({problem}); train without Compile.</source>
        <translation>无法编译模型（{problem}）；请不勾选“编译”再训练。</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>course</source>
        <translation>书中设置</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>test {0}%</source>
        <translation>测试 {0}%</translation>
    </message>
    <message>
        <source>stopped after {0} epoch(s)</source>
        <translation>{0} 轮后停止</translation>
    </message>
    <message>
        <source>{0} epoch(s)</source>
        <translation>{0} 轮</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>迭代次数</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Plot against training iterations (batches) or epochs. Auto: epochs when the overlaid runs have different batch sizes, else iterations.</source>
        <translation>横轴用训练迭代次数（批次）或轮次。自动：叠加的运行批大小不同时用轮次，否则用迭代次数。</translation>
    </message>
    <message>
        <source>Hover over a plot to read its values.</source>
        <translation>把鼠标移到图上即可读出数值。</translation>
    </message>
    <message>
        <source>thin line: training · bold dashed line with dots: validation</source>
        <translation>细线：训练 · 带圆点的粗虚线：验证</translation>
    </message>
    <message>
        <source>X axis:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率 (%)</translation>
    </message>
    <message>
        <source>Runs of this session and opened run folders. A new run is shown with the runs you ticked; tick others to overlay them.</source>
        <translation>本次会话的运行和打开的运行文件夹。新的运行会与你勾选的运行一起显示；勾选其他运行即可叠加对比。</translation>
    </message>
    <message>
        <source>Train a model or open a run folder; its results appear here.</source>
        <translation>训练一个模型或打开一个运行文件夹，结果会显示在这里。</translation>
    </message>
    <message>
        <source>Runs (tick to overlay; the newest is drawn bold, on top)</source>
        <translation>运行（勾选以叠加；最新的一次用粗线画在最上层）</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代次数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Auto (epochs)</source>
        <translation>自动（轮次）</translation>
    </message>
    <message>
        <source>Auto (iterations)</source>
        <translation>自动（迭代次数）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>recipe {0}</source>
        <translation>方案：{0}</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>Test accuracy &lt;b&gt;{0}%&lt;/b&gt; (loss {1})</source>
        <translation>测试准确率 &lt;b&gt;{0}%&lt;/b&gt;（损失 {1}）</translation>
    </message>
    <message>
        <source>Validation accuracy {0}%</source>
        <translation>验证准确率 {0}%</translation>
    </message>
    <message>
        <source>{0} after {1} epoch(s), {2} s, {3} images/s</source>
        <translation>{0}：共 {1} 轮，{2} 秒，每秒 {3} 张图片</translation>
    </message>
    <message>
        <source>Fix and rerun</source>
        <translation>修正并重跑</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>第 {0} 轮</translation>
    </message>
    <message>
        <source>data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>loss {0} / val {1}, accuracy {2} / val {3}</source>
        <translation>损失 {0} / 验证 {1}，准确率 {2} / 验证 {3}</translation>
    </message>
</context>
<context>
    <name>DataPreview</name>
    <message>
        <source>Loading {0}…</source>
        <translation>正在加载{0}…</translation>
    </message>
    <message>
        <source>{0} loaded: press Start (Ctrl+Return) to train.</source>
        <translation>{0}已加载：按“开始”（Ctrl+Return）训练。</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <source>generated</source>
        <translation>程序生成</translation>
    </message>
    <message>
        <source>built in (generated)</source>
        <translation>内置（程序生成）</translation>
    </message>
    <message>
        <source>1 channel (gray)</source>
        <translation>1 个通道（灰度）</translation>
    </message>
    <message>
        <source>{0} channels (colour)</source>
        <translation>{0} 个通道（彩色）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0} classes:&lt;/b&gt; {1}</source>
        <translation>&lt;b&gt;{0} 个类别：&lt;/b&gt;{1}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>&lt;b&gt;Images:&lt;/b&gt; {0}×{1}, {2}</source>
        <translation>&lt;b&gt;图片：&lt;/b&gt;{0}×{1}，{2}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Split:&lt;/b&gt; {0} train / {1} validation / {2} test</source>
        <translation>&lt;b&gt;划分：&lt;/b&gt;训练 {0} / 验证 {1} / 测试 {2}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Found:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;来源：&lt;/b&gt;{0}</translation>
    </message>
    <message>
        <source>Samples per class</source>
        <translation>各类别样本</translation>
    </message>
    <message>
        <source>the dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Loading {0}…</source>
        <translation>正在加载{0}…</translation>
    </message>
</context>
<context>
    <name>Dataset</name>
    <message>
        <source>32×32 colour photos of 10 classes, 50 000 train / 10 000 test (ch. 18.5).</source>
        <translation>10 个类别的 32×32 彩色照片，训练 50 000 张 / 测试 10 000 张（18.5 节）。</translation>
    </message>
    <message>
        <source>Image folder</source>
        <translation>图片文件夹</translation>
    </message>
    <message>
        <source>Your own images: train/&lt;class&gt;/… and test/&lt;class&gt;/…, or one tree split 80/20.</source>
        <translation>你自己的图片：train/&lt;类别&gt;/… 和 test/&lt;类别&gt;/…，或一个目录树按 80/20 划分。</translation>
    </message>
    <message>
        <source>Handwritten digits, 60 000 train / 10 000 test, 28×28 gray (ch. 18.3).</source>
        <translation>手写数字，训练 60 000 张 / 测试 10 000 张，28×28 灰度（18.3 节）。</translation>
    </message>
    <message>
        <source>Zalando clothing, 60 000 train / 10 000 test, 28×28 gray (ch. 18.4).</source>
        <translation>Zalando 服饰图片，训练 60 000 张 / 测试 10 000 张，28×28 灰度（18.4 节）。</translation>
    </message>
    <message>
        <source>Shapes</source>
        <translation>几何形状</translation>
    </message>
    <message>
        <source>White filled shapes on black, 1000 train / 200 test per class (ch. 18.2). As in the course, some triangles are thin slivers that look like lines; a larger minimum area in the generator redraws them.</source>
        <translation>黑底白色实心几何形状，每类训练 1000 张、测试 200 张（第 18.2 节）。和课程一样，有些三角形是像线条一样的细条；在生成器里设置更大的最小面积会重新绘制它们。</translation>
    </message>
    <message>
        <source>Red / green / blue × circle / rectangle / triangle, 600:100 per cell (ch. 18.2). As in the course, some triangles are thin slivers; a larger minimum area in the generator redraws them.</source>
        <translation>红 / 绿 / 蓝 × 圆形 / 矩形 / 三角形，每格 600:100（第 18.2 节）。和课程一样，有些三角形是细条；在生成器里设置更大的最小面积会重新绘制它们。</translation>
    </message>
    <message>
        <source>Colors</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Shapes of six colours; the label is the colour, 5000 train / 1000 test (ch. 18.2).</source>
        <translation>六种颜色的形状，标签是颜色，训练 5000 张 / 测试 1000 张（18.2 节）。</translation>
    </message>
    <message>
        <source>Color-shapes</source>
        <translation>颜色与形状</translation>
    </message>
</context>
<context>
    <name>DesignActions</name>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new design</source>
        <translation>开始一个新设计</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a design file</source>
        <translation>打开一个设计文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the design in its file</source>
        <translation>把设计保存到它的文件</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the design in another file</source>
        <translation>把设计保存到另一个文件</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Undo: {0}</source>
        <translation>撤销：{0}</translation>
    </message>
    <message>
        <source>Redo: {0}</source>
        <translation>重做：{0}</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the picked row (Delete)</source>
        <translation>删除选中的行（Delete）</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the picked row up</source>
        <translation>把选中的行上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the picked row down</source>
        <translation>把选中的行下移</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>another branch</source>
        <translation>再加一个分支</translation>
    </message>
    <message>
        <source>From model</source>
        <translation>从模型</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>With a design file…</source>
        <translation>与一个设计文件…</translation>
    </message>
    <message>
        <source>With a built-in model</source>
        <translation>与一个内置模型</translation>
    </message>
    <message>
        <source>{0} as built for the setup&apos;s dataset</source>
        <translation>按设置中的数据集构建的 {0}</translation>
    </message>
    <message>
        <source>Open a built-in model as a design to edit</source>
        <translation>把一个内置模型作为设计打开并编辑</translation>
    </message>
    <message>
        <source>Add a row after the picked one</source>
        <translation>在选中的行后面添加一行</translation>
    </message>
    <message>
        <source>The rows that differ from another design, with parameters and FLOPs before and after</source>
        <translation>与另一个设计不同的行，以及前后的参数和 FLOPs</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>{0} has changes that are not saved. Discard them?</source>
        <translation>{0} 有尚未保存的修改。要放弃它们吗？</translation>
    </message>
    <message>
        <source>Open a design</source>
        <translation>打开设计</translation>
    </message>
    <message>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <source>Save the design</source>
        <translation>保存设计</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
    <message>
        <source>{0} opened as a design: edit it, save it, train it.</source>
        <translation>{0} 已作为设计打开：可以编辑、保存和训练。</translation>
    </message>
    <message>
        <source>Compare with a design</source>
        <translation>与一个设计对比</translation>
    </message>
</context>
<context>
    <name>DesignExport</name>
    <message>
        <source>Export as PyTorch file…</source>
        <translation>导出为 PyTorch 文件…</translation>
    </message>
    <message>
        <source>Write the design as a standalone nn.Module file that runs without cnnlab</source>
        <translation>把设计写成一个独立的 PyTorch 模块文件，不需要 cnnlab 也能运行</translation>
    </message>
    <message>
        <source>Export as ONNX…</source>
        <translation>导出为 ONNX…</translation>
    </message>
    <message>
        <source>Write the design, freshly initialised, as an ONNX model</source>
        <translation>把新初始化的设计写成 ONNX 模型</translation>
    </message>
    <message>
        <source>Export the design</source>
        <translation>导出设计</translation>
    </message>
    <message>
        <source>Exported {0} to {1}.</source>
        <translation>已把 {0} 导出到 {1}。</translation>
    </message>
</context>
<context>
    <name>DesignHeader</name>
    <message>
        <source>The design&apos;s name: its runs are named after it</source>
        <translation>设计的名称：它的运行以此命名</translation>
    </message>
    <message>
        <source>Channels of an input image: 1 for gray, 3 for colour</source>
        <translation>输入图片的通道数：灰度为 1，彩色为 3</translation>
    </message>
    <message>
        <source>Height of an input image in pixels</source>
        <translation>输入图片的高度（像素）</translation>
    </message>
    <message>
        <source>Width of an input image in pixels</source>
        <translation>输入图片的宽度（像素）</translation>
    </message>
    <message>
        <source>Classes the network tells apart: the outputs of its last layer</source>
        <translation>网络要区分的类别数：最后一层的输出数</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Input C×H×W</source>
        <translation>输入 C×H×W</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
</context>
<context>
    <name>DesignPredict</name>
    <message>
        <source>Predict its output shape</source>
        <translation>预测它的输出形状</translation>
    </message>
    <message>
        <source>Guess the picked row&apos;s output shape before the X-ray shows it</source>
        <translation>在透视数据显示之前，猜一猜选中行的输出形状</translation>
    </message>
    <message>
        <source>Predict its parameters</source>
        <translation>预测它的参数量</translation>
    </message>
    <message>
        <source>Guess the picked row&apos;s parameters before the X-ray shows them</source>
        <translation>在透视数据显示之前，猜一猜选中行的参数量</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Close the prediction</source>
        <translation>关闭预测</translation>
    </message>
</context>
<context>
    <name>DesignTrainer</name>
    <message>
        <source>Train this design</source>
        <translation>训练这个设计</translation>
    </message>
    <message>
        <source>Save this design, make it the setup&apos;s model and train it with the setup&apos;s settings</source>
        <translation>保存此设计，把它设为设置中的模型，并用设置中的参数训练它</translation>
    </message>
    <message>
        <source>A run is training: train the design once it has ended.</source>
        <translation>正在训练一个运行：请等它结束后再训练此设计。</translation>
    </message>
    <message>
        <source>Adapt to {0}</source>
        <translation>适配到 {0}</translation>
    </message>
    <message>
        <source>The design cannot be saved in {0}: {1}</source>
        <translation>设计无法保存到 {0}：{1}</translation>
    </message>
    <message>
        <source>Adapt the design to the dataset (its input, its classes and its last linear layer)?</source>
        <translation>要让设计适配这个数据集吗（修改它的输入、类别数和最后一个线性层）？</translation>
    </message>
</context>
<context>
    <name>DesignView</name>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Designs (*.yaml *.yml)</source>
        <translation>设计 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>my-net</source>
        <translation>我的网络</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>out</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>groups</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>p</source>
        <translation>p</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>RF</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Output channels of a convolution, output features of a linear layer</source>
        <translation>卷积的输出通道数，或线性层的输出特征数</translation>
    </message>
    <message>
        <source>Side of the square kernel</source>
        <translation>方形卷积核的边长</translation>
    </message>
    <message>
        <source>Step of the kernel (grey: PyTorch&apos;s default, 1 for a convolution and the kernel for a pooling)</source>
        <translation>卷积核移动的步长（灰色：PyTorch 的默认值，卷积为 1，池化等于核大小）</translation>
    </message>
    <message>
        <source>Zeros added on each side of the input</source>
        <translation>在输入每一边补的零</translation>
    </message>
    <message>
        <source>Channel groups: each output channel sees the input channels of its group only</source>
        <translation>通道分组：每个输出通道只看到本组的输入通道</translation>
    </message>
    <message>
        <source>Whether the layer adds a bias</source>
        <translation>该层是否加偏置</translation>
    </message>
    <message>
        <source>Probability that dropout zeroes a value while training</source>
        <translation>训练时丢弃层把一个值置零的概率</translation>
    </message>
    <message>
        <source>The row&apos;s output for one image: channels×height×width, or a number after the flatten</source>
        <translation>这一行对一张图片的输出：通道×高×宽，展平后则是一个数</translation>
    </message>
    <message>
        <source>Weights and biases</source>
        <translation>权重和偏置</translation>
    </message>
    <message>
        <source>Floating-point operations for one image, counted by PyTorch&apos;s flop counter (a multiply-add is 2)</source>
        <translation>一张图片的浮点运算次数，由 PyTorch 的 FLOP 计数器统计（一次乘加算 2 次）</translation>
    </message>
    <message>
        <source>Receptive field: the side of the input square one output value sees</source>
        <translation>感受野：一个输出值能看到的输入方块的边长</translation>
    </message>
    <message>
        <source>Memory of the row&apos;s output for one image (float32)</source>
        <translation>这一行对一张图片的输出所占内存（float32）</translation>
    </message>
    <message>
        <source>branch</source>
        <translation>分支</translation>
    </message>
    <message>
        <source>{0}: its module&apos;s name in the built network</source>
        <translation>{0}：它在构建出的网络中的模块名</translation>
    </message>
    <message>
        <source>Predict it first: the answer shows when you reveal or skip</source>
        <translation>先预测：揭晓或跳过后才显示答案</translation>
    </message>
    <message>
        <source>Change a value</source>
        <translation>修改一个值</translation>
    </message>
    <message>
        <source>not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <source>Rename the design</source>
        <translation>重命名设计</translation>
    </message>
    <message>
        <source>Change the input</source>
        <translation>修改输入</translation>
    </message>
    <message>
        <source>Change the classes</source>
        <translation>修改类别数</translation>
    </message>
    <message>
        <source>Add {0}</source>
        <translation>添加 {0}</translation>
    </message>
    <message>
        <source>Add a branch</source>
        <translation>添加一个分支</translation>
    </message>
    <message>
        <source>Remove a row</source>
        <translation>删除一行</translation>
    </message>
    <message>
        <source>Move a row</source>
        <translation>移动一行</translation>
    </message>
    <message>
        <source>The rows before the one that breaks show their numbers; the totals come when the design works.</source>
        <translation>出错行之前的各行显示它们的数值；设计能工作后才显示总计。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; parameters</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; 个参数</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; FLOPs per image</source>
        <translation>每张图片 &lt;b&gt;{0}&lt;/b&gt; FLOPs</translation>
    </message>
    <message>
        <source>{0} of activations per image</source>
        <translation>每张图片的激活占 {0}</translation>
    </message>
    <message>
        <source>most parameters: row {0}</source>
        <translation>参数最多：第 {0} 行</translation>
    </message>
    <message>
        <source>most FLOPs: row {0}</source>
        <translation>FLOPs 最多：第 {0} 行</translation>
    </message>
    <message>
        <source>PyTorch files (*.py)</source>
        <translation>PyTorch 文件 (*.py)</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Guess the picked row&apos;s shape or parameters before the X-ray shows them</source>
        <translation>在透视数据显示之前，猜一猜选中行的形状或参数量</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Write the design as a PyTorch file or as ONNX</source>
        <translation>把设计写成 PyTorch 文件或 ONNX</translation>
    </message>
</context>
<context>
    <name>Doctor</name>
    <message>
        <source>loss not finite</source>
        <translation>损失不是有限值</translation>
    </message>
    <message>
        <source>exploding gradients</source>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <source>dead ReLUs</source>
        <translation>死亡 ReLU</translation>
    </message>
    <message>
        <source>overfitting</source>
        <translation>过拟合</translation>
    </message>
    <message>
        <source>at chance</source>
        <translation>等于瞎猜</translation>
    </message>
    <message>
        <source>one class</source>
        <translation>只认一类</translation>
    </message>
    <message>
        <source>loss not moving</source>
        <translation>损失不动</translation>
    </message>
    <message>
        <source>too few images</source>
        <translation>图片太少</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Draw with the mouse or a pen; drop an image file here.</source>
        <translation>用鼠标或手写笔画图；也可以把图片文件拖到这里。</translation>
    </message>
</context>
<context>
    <name>EpochSlider</name>
    <message>
        <source>Each epoch&apos;s weights are kept for models of up to {0} MB (every chapter network), so the inspection tabs can show any epoch; larger models keep only the last epoch.</source>
        <translation>不超过 {0} MB 的模型（本章所有网络）会保留每一轮的权重，观察标签页可以显示任意一轮；更大的模型只保留最后一轮。</translation>
    </message>
    <message>
        <source>This model&apos;s weights are over {0} MB, so its run keeps only the last epoch&apos;s weights.</source>
        <translation>这个模型的权重超过 {0} MB，因此它的运行只保留最后一轮的权重。</translation>
    </message>
    <message>
        <source>This run folder keeps only the last epoch&apos;s weights (it was written before each epoch&apos;s weights were kept, or they were removed).</source>
        <translation>这个运行文件夹只保留最后一轮的权重（它是在保存每轮权重之前写下的，或者这些权重已被删除）。</translation>
    </message>
    <message>
        <source>After epoch {0} of {1}</source>
        <translation>第 {0} 轮后（共 {1} 轮）</translation>
    </message>
    <message>
        <source>After epoch {0}</source>
        <translation>第 {0} 轮后</translation>
    </message>
    <message>
        <source>Last epoch only</source>
        <translation>仅最后一轮</translation>
    </message>
</context>
<context>
    <name>EstimateView</name>
    <message>
        <source>under 1 s</source>
        <translation>不到 1 秒</translation>
    </message>
    <message>
        <source>{0:.0f} s</source>
        <translation>{0:.0f} 秒</translation>
    </message>
    <message>
        <source>{0:.1f} min</source>
        <translation>{0:.1f} 分钟</translation>
    </message>
    <message>
        <source>{0:.1f} h</source>
        <translation>{0:.1f} 小时</translation>
    </message>
    <message>
        <source>about {0}</source>
        <translation>约 {0}</translation>
    </message>
    <message>
        <source>Timing one epoch…</source>
        <translation>正在估算一轮的用时…</translation>
    </message>
    <message>
        <source>{0} per epoch on {1} ({2} batches).</source>
        <translation>在 {1} 上每轮{0}（{2} 个批次）。</translation>
    </message>
    <message>
        <source>{0} for all {1} epochs.</source>
        <translation>全部 {1} 轮需{0}。</translation>
    </message>
    <message>
        <source>That is over a minute an epoch: train on fewer images (Train on), use a GPU, or pick a smaller model.</source>
        <translation>每轮超过一分钟：可以用更少的图片训练（“训练图片数”）、使用 GPU，或选一个更小的模型。</translation>
    </message>
</context>
<context>
    <name>FeatureMapsPanel</name>
    <message>
        <source>each map</source>
        <translation>每张特征图</translation>
    </message>
    <message>
        <source>whole layer</source>
        <translation>整层</translation>
    </message>
    <message>
        <source>maps and RGB picture</source>
        <translation>特征图和 RGB 合成图</translation>
    </message>
    <message>
        <source>RGB picture only</source>
        <translation>只显示 RGB 合成图</translation>
    </message>
    <message>
        <source>maps only</source>
        <translation>只显示特征图</translation>
    </message>
    <message>
        <source>One image: every layer</source>
        <translation>一张图片：所有层</translation>
    </message>
    <message>
        <source>One sample per class</source>
        <translation>每类一个样本</translation>
    </message>
    <message>
        <source>Layers…</source>
        <translation>层…</translation>
    </message>
    <message>
        <source>sample </source>
        <translation>样本 </translation>
    </message>
    <message>
        <source>Which test image of each class: the first, the second, …</source>
        <translation>每个类别取第几张测试图片：第一张、第二张……</translation>
    </message>
    <message>
        <source>contrast:</source>
        <translation>对比度：</translation>
    </message>
    <message>
        <source>3-map layers:</source>
        <translation>三通道层：</translation>
    </message>
    <message>
        <source>Open in Lab</source>
        <translation>在实验台中打开</translation>
    </message>
    <message>
        <source>Output probabilities</source>
        <translation>输出概率</translation>
    </message>
    <message>
        <source>Feature maps of {0}</source>
        <translation>{0} 的特征图</translation>
    </message>
    <message>
        <source> (first {0} of {1} classes)</source>
        <translation>（{1} 个类别中的前 {0} 个）</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>, first {0} shown</source>
        <translation>，显示前 {0} 张</translation>
    </message>
    <message>
        <source>predicted: {0} ({1})</source>
        <translation>预测：{0}（{1}）</translation>
    </message>
</context>
<context>
    <name>FixAndRerun</name>
    <message>
        <source>A run is training: fix and rerun once it has ended.</source>
        <translation>有一个运行正在训练：请等它结束后再修正并重跑。</translation>
    </message>
</context>
<context>
    <name>GettingStarted</name>
    <message>
        <source>Open the Lessons (tool bar, or View ▸ Lessons) and begin at 18.1: each step trains or opens a run and shows its figure beside the book&apos;s number.</source>
        <translation>打开“课程”（工具栏，或 视图 ▸ 课程），从 18.1 开始：每一步都会训练或打开一次运行，并把它的图和书中的数字并排显示。</translation>
    </message>
    <message>
        <source>Or choose a dataset and a model yourself in the setup; the built-in shapes need no download.</source>
        <translation>也可以在设置中自己选择数据集和模型；内置的几何形状数据无需下载。</translation>
    </message>
    <message>
        <source>Press Start ({0}). The run trains in the background; Pause and Stop keep what it trained.</source>
        <translation>按“开始”（{0}）。运行在后台训练；暂停和停止都会保留已训练的结果。</translation>
    </message>
    <message>
        <source>Watch the curves: training and validation loss and accuracy, epoch by epoch. Runs you tick stay overlaid for comparison.</source>
        <translation>观察曲线：每一轮的训练和验证损失与准确率。勾选的运行会一直叠加显示，便于比较。</translation>
    </message>
    <message>
        <source>Look inside: kernels, feature maps, the images it gets wrong and why, and the Lab to draw your own. Help ▸ What&apos;s this? explains any tab.</source>
        <translation>深入内部：卷积核、特征图、分错的图像及其原因，以及可以自己画图的实验室。帮助 ▸ 这是什么？可以解释任何一个标签页。</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>入门(&amp;G)</translation>
    </message>
</context>
<context>
    <name>GradCamPanel</name>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>map opacity:</source>
        <translation>热力图不透明度：</translation>
    </message>
    <message>
        <source>The same layer&apos;s Grad-CAM for every class (probability in brackets):</source>
        <translation>同一层对每个类别的 Grad-CAM（括号内为概率）：</translation>
    </message>
    <message>
        <source>Output probabilities</source>
        <translation>输出概率</translation>
    </message>
    <message>
        <source>Grad-CAM of {0}: red = where the layer found evidence for the class</source>
        <translation>{0} 的 Grad-CAM：红色表示该层在此处找到了支持该类别的证据</translation>
    </message>
    <message>
        <source>Grad-CAM keeps only positive evidence (a ReLU on the weighted maps), and a small late layer gives coarse blobs: a map may sit on the background next to the shape, and a class recognised by what is absent (a circle has no corners) may get a blank map while wrong classes show heat.</source>
        <translation>Grad-CAM 只保留正向证据（对加权后的特征图做 ReLU），而靠后的小尺寸层只能给出粗糙的色块：热力图可能落在形状旁边的背景上；靠“缺少什么”来识别的类别（圆形没有角）可能得到一张空白图，而错误的类别反而有热区。</translation>
    </message>
    <message>
        <source>{0} ({1}×{2} maps) is offered first: the last conv layer with maps of at least {3}×{3}.</source>
        <translation>默认显示 {0}（{1}×{2} 的特征图）：它是特征图不小于 {3}×{3} 的最后一个卷积层。</translation>
    </message>
    <message>
        <source>{0} has only {1}×{2} maps: read its map as a rough region.</source>
        <translation>{0} 的特征图只有 {1}×{2}：请把它的热力图当作大致区域来看。</translation>
    </message>
    <message>
        <source>No positive evidence for {0} at {1}: after the ReLU every location is zero, because this layer&apos;s maps lower the class score or the class is recognised by what is absent. Try an earlier layer.</source>
        <translation>{1} 层没有支持{0}的正向证据：ReLU 之后每个位置都是零，因为这一层的特征图会降低该类别的得分，或者该类别是靠“缺少什么”来识别的。请试试更靠前的层。</translation>
    </message>
    <message>
        <source>(all zero)</source>
        <translation>（全为零）</translation>
    </message>
    <message>
        <source>Grad-CAM of {0}{1}</source>
        <translation>{0} 的 Grad-CAM{1}</translation>
    </message>
    <message>
        <source>for class {0} ({1})</source>
        <translation>类别：{0}（{1}）</translation>
    </message>
    <message>
        <source>Choose another layer.</source>
        <translation>请选择其他层。</translation>
    </message>
</context>
<context>
    <name>GraphicsScene</name>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>HyperForm</name>
    <message>
        <source>{0} is empty; type a number.</source>
        <translation>“{0}”为空，请输入一个数。</translation>
    </message>
    <message>
        <source>{0} must be a number, not {1}.</source>
        <translation>“{0}”必须是数字，不能是 {1}。</translation>
    </message>
    <message>
        <source>{0} must be a whole number, not {1}.</source>
        <translation>“{0}”必须是整数，不能是 {1}。</translation>
    </message>
</context>
<context>
    <name>ImageChooser</name>
    <message>
        <source>test image #</source>
        <translation>测试图片 #</translation>
    </message>
    <message>
        <source>Open image file…</source>
        <translation>打开图片文件…</translation>
    </message>
    <message>
        <source>test image #{0} ({1})</source>
        <translation>测试图片 #{0}（{1}）</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>file: {0}</source>
        <translation>文件：{0}</translation>
    </message>
    <message>
        <source>label: {0}</source>
        <translation>标签：{0}</translation>
    </message>
</context>
<context>
    <name>ImageDetail</name>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>Click an image to look at it closely.</source>
        <translation>点击一张图片可仔细查看。</translation>
    </message>
    <message>
        <source>Grad-CAM for the</source>
        <translation>Grad-CAM 针对</translation>
    </message>
    <message>
        <source>Open in Lab</source>
        <translation>在实验台中打开</translation>
    </message>
    <message>
        <source>Show this image in the Lab tab</source>
        <translation>在“实验台”标签页中显示这张图片</translation>
    </message>
    <message>
        <source>test image #{0}</source>
        <translation>测试图片 #{0}</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Test image #{0}: predicted {1} ({2}), label {3} — {4}</source>
        <translation>测试图片 #{0}：预测为{1}（{2}），标签为{3} —— {4}</translation>
    </message>
    <message>
        <source>Grad-CAM of {0}
for {1}</source>
        <translation>{0} 的 Grad-CAM
类别：{1}</translation>
    </message>
    <message>
        <source>, {0} shown</source>
        <translation>，显示 {0} 张</translation>
    </message>
</context>
<context>
    <name>InputBox</name>
    <message>
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <source>blue</source>
        <translation>蓝</translation>
    </message>
    <message>
        <source>yellow</source>
        <translation>黄</translation>
    </message>
    <message>
        <source>cyan</source>
        <translation>青</translation>
    </message>
    <message>
        <source>pink</source>
        <translation>粉</translation>
    </message>
    <message>
        <source>white</source>
        <translation>白</translation>
    </message>
    <message>
        <source>centred like MNIST</source>
        <translation>像 MNIST 那样居中</translation>
    </message>
    <message>
        <source>raw drawing</source>
        <translation>原始画面</translation>
    </message>
    <message>
        <source>drawing</source>
        <translation>画面</translation>
    </message>
    <message>
        <source>bounding box</source>
        <translation>外接框</translation>
    </message>
    <message>
        <source>fit 20×20</source>
        <translation>缩放到 20×20</translation>
    </message>
    <message>
        <source>centre of mass</source>
        <translation>按重心居中</translation>
    </message>
    <message>
        <source>resized</source>
        <translation>缩小后</translation>
    </message>
    <message>
        <source>blank</source>
        <translation>空白</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>画笔粗细</translation>
    </message>
    <message>
        <source>Ink colour (colour data sets)</source>
        <translation>画笔颜色（用于彩色数据集）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>A sample image shipped with cnnlab</source>
        <translation>cnnlab 自带的示例图片</translation>
    </message>
    <message>
        <source>Centred: cut to the bounding box, fit into 20×20 and centre by mass, as MNIST&apos;s digits were made. Raw: only shrink the whole drawing.</source>
        <translation>居中：裁到外接框，缩放到 20×20 并按质心居中，与 MNIST 数字的制作方法相同。原样：只把整幅画缩小。</translation>
    </message>
    <message>
        <source>brush:</source>
        <translation>画笔：</translation>
    </message>
    <message>
        <source>sample image…</source>
        <translation>示例图片…</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Images ({0});;All files (*)</source>
        <translation>图片 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
</context>
<context>
    <name>InspectionFeed</name>
    <message>
        <source>The inspection tabs cannot show this model: {0}</source>
        <translation>观察标签页无法显示这个模型：{0}</translation>
    </message>
</context>
<context>
    <name>InspectionPanel</name>
    <message>
        <source>Train a model or open a run to see this.</source>
        <translation>训练一个模型或打开一次运行后即可在这里查看。</translation>
    </message>
    <message>
        <source>{0} has no convolution layers: it sees the image as one long vector of pixels, so there are no kernels or feature maps to show. Compare it with a CNN on the same data in the Misclassified and Confusion tabs.</source>
        <translation>{0} 没有卷积层：它把图片看成一长串像素，所以没有卷积核或特征图可显示。可以在“误分类”和“混淆矩阵”标签页里把它与同一数据上的 CNN 对比。</translation>
    </message>
    <message>
        <source>{0} on {1}, epoch {2}</source>
        <translation>{1}上的 {0}，第 {2} 轮</translation>
    </message>
    <message>
        <source>{0} on {1}</source>
        <translation>{1}上的 {0}</translation>
    </message>
</context>
<context>
    <name>InvarianceView</name>
    <message>
        <source>shift left–right</source>
        <translation>左右平移</translation>
    </message>
    <message>
        <source>shift up–down</source>
        <translation>上下平移</translation>
    </message>
    <message>
        <source>rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>degrees</source>
        <translation>度</translation>
    </message>
    <message>
        <source>times</source>
        <translation>倍</translation>
    </message>
    <message>
        <source>change:</source>
        <translation>变化：</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>A CNN is only partly invariant: pooling forgives small shifts, but rotations and scales it never saw in training change its answer. Each line is one class.</source>
        <translation>CNN 只有部分不变性：池化能容忍小的平移，但训练中没见过的旋转和缩放会改变它的答案。每条线代表一个类别。</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
</context>
<context>
    <name>KernelRolesPanel</name>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>kernel {0}</source>
        <translation>卷积核 {0}</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>fires?</source>
        <translation>有响应？</translation>
    </message>
    <message>
        <source>Choose another layer.</source>
        <translation>请选择其他层。</translation>
    </message>
    <message>
        <source>Kernel roles of {0}, layer {1}</source>
        <translation>{0} 的卷积核作用，{1} 层</translation>
    </message>
    <message>
        <source>Left: the kernels of {0} and what each makes of one test image per class. Right: 1 means the kernel fires on that class — {1}. The number under it is the mean activation after ReLU over up to {2} test images of the class; &apos;all&apos; is the kernel&apos;s mean over classes.</source>
        <translation>左：{0} 的卷积核，以及每个卷积核对每类一张测试图片的输出。右：1 表示该卷积核对这个类别有响应——{1}。下面的数字是 ReLU 之后在该类别最多 {2} 张测试图片上的平均激活值；“全部”是该卷积核在所有类别上的平均值。</translation>
    </message>
    <message>
        <source>The first {0} of {1} classes are shown.</source>
        <translation>显示 {1} 个类别中的前 {0} 个。</translation>
    </message>
    <message>
        <source>The first {0} of {1} kernels are shown.</source>
        <translation>显示 {1} 个卷积核中的前 {0} 个。</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
</context>
<context>
    <name>KernelsPanel</name>
    <message>
        <source>out \ in</source>
        <translation>输出 \ 输入</translation>
    </message>
    <message>
        <source>in {0}</source>
        <translation>输入 {0}</translation>
    </message>
    <message>
        <source>out {0}</source>
        <translation>输出 {0}</translation>
    </message>
    <message>
        <source>{0}  (bias {1})</source>
        <translation>{0}（偏置 {1}）</translation>
    </message>
    <message>
        <source>All layers</source>
        <translation>所有层</translation>
    </message>
    <message>
        <source>Kernels of {0} — colour: weight value (red &gt; 0 &gt; blue)</source>
        <translation>{0} 的卷积核 —— 颜色表示权重值（红 &gt; 0 &gt; 蓝）</translation>
    </message>
    <message>
        <source>{0}: {1} kernels of {2}×{3} over {4} channel(s)</source>
        <translation>{0}：{1} 个 {2}×{3} 卷积核，作用于 {4} 个通道</translation>
    </message>
    <message>
        <source>1×1 kernels mix channels at each pixel: output = Σ weight × input channel + bias (rows: output channels, columns: input channels).</source>
        <translation>1×1 卷积核在每个像素上混合各通道：输出 = Σ 权重 × 输入通道 + 偏置（行：输出通道，列：输入通道）。</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Each kernel&apos;s red, green and blue weights drawn as one colour picture; gray means 0.</source>
        <translation>把每个卷积核的红、绿、蓝三组权重画成一张彩色图；灰色表示 0。</translation>
    </message>
    <message>
        <source>weight, per colour channel</source>
        <translation>权重（按颜色通道）</translation>
    </message>
    <message>
        <source>One row per kernel (output channel), one column per input channel it reads.</source>
        <translation>每行是一个卷积核（输出通道），每列是它读取的一个输入通道。</translation>
    </message>
    <message>
        <source>The kernels, numbered as in the lecture&apos;s table.</source>
        <translation>各卷积核，编号与课程中的表格一致。</translation>
    </message>
    <message>
        <source>first {0} of {1} kernels</source>
        <translation>{1} 个卷积核中的前 {0} 个</translation>
    </message>
    <message>
        <source>first {0} of {1} input channels</source>
        <translation>{1} 个输入通道中的前 {0} 个</translation>
    </message>
    <message>
        <source>({0} shown)</source>
        <translation>（显示{0}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>LabPanel</name>
    <message>
        <source>Why</source>
        <translation>为什么</translation>
    </message>
    <message>
        <source>Invariance</source>
        <translation>不变性</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>各种方法</translation>
    </message>
    <message>
        <source>Ablation</source>
        <translation>消融</translation>
    </message>
    <message>
        <source>Top 9</source>
        <translation>前 9 名</translation>
    </message>
    <message>
        <source>Arithmetic</source>
        <translation>卷积运算</translation>
    </message>
    <message>
        <source>Sanity</source>
        <translation>合理性</translation>
    </message>
    <message>
        <source>Lab: {0}. Draw, paste, drop or open an image; everything updates as you draw.</source>
        <translation>实验台：{0}。画图、粘贴、拖入或打开一张图片；画的同时一切都会更新。</translation>
    </message>
    <message>
        <source>Opened {0}.</source>
        <translation>已打开 {0}。</translation>
    </message>
    <message>
        <source>The canvas is empty: draw a digit or a shape, or open an image.</source>
        <translation>画布是空的：画一个数字或形状，或打开一张图片。</translation>
    </message>
    <message>
        <source>Prediction: {0} ({1})</source>
        <translation>预测：{0}（{1}）</translation>
    </message>
    <message>
        <source> — {0} kernel(s) switched off</source>
        <translation> —— 关闭了 {0} 个卷积核</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Applies at the next start</source>
        <translation>下次启动时生效</translation>
    </message>
    <message>
        <source>The window is shown in {0}.</source>
        <translation>窗口正以{0}显示。</translation>
    </message>
    <message>
        <source>cnnlab will be shown in {0} from its next start.</source>
        <translation>cnnlab 下次启动时将以 {0} 显示。</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
</context>
<context>
    <name>LayerType</name>
    <message>
        <source>Conv</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>FC</source>
        <translation>全连接</translation>
    </message>
    <message>
        <source>MaxPool</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>AvgPool</source>
        <translation>平均池化</translation>
    </message>
    <message>
        <source>BatchNorm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>LRN</source>
        <translation>局部响应归一化</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>展平</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Gray</source>
        <translation>灰度</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>Book: no accuracy stated</source>
        <translation>书中：未给出准确率</translation>
    </message>
    <message>
        <source>Book: {0}</source>
        <translation>书中：{0}</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>role</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>The book&apos;s table (1: the kernel fires on that shape)</source>
        <translation>书中的表（1：该卷积核对这种形状有响应）</translation>
    </message>
    <message>
        <source>Train and show</source>
        <translation>训练并显示</translation>
    </message>
    <message>
        <source>Show the saved run</source>
        <translation>显示已保存的运行</translation>
    </message>
    <message>
        <source>A finished run with these settings is in the runs folder: it opens without training.</source>
        <translation>运行文件夹里已有一次按这些设置完成的运行：直接打开，无需再训练。</translation>
    </message>
    <message>
        <source>Sets the dataset, model and recipe, trains, then shows the chapter&apos;s figure.</source>
        <translation>设置数据集、模型和训练配方，开始训练，然后显示本章对应的图。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Ours</source>
        <translation>本程序</translation>
    </message>
    <message>
        <source>Usually quoted</source>
        <translation>通常引用</translation>
    </message>
    <message>
        <source>Build on the current dataset</source>
        <translation>在当前数据集上构建</translation>
    </message>
    <message>
        <source>Puts the chosen network into the setup for the chosen dataset; its layer table appears there.</source>
        <translation>把选中的网络放进“设置”，用于当前选择的数据集；它的层表会显示在那里。</translation>
    </message>
    <message>
        <source>{0}×{0} inputs, {1} classes</source>
        <translation>{0}×{0} 输入，{1} 类</translation>
    </message>
    <message>
        <source>Parameters at the paper&apos;s size ({0}):</source>
        <translation>按论文的输入尺寸（{0}）计算的参数：</translation>
    </message>
    <message>
        <source>18.1 Classic models</source>
        <translation>18.1 经典模型</translation>
    </message>
    <message>
        <source>18.2 Colours and shapes</source>
        <translation>18.2 颜色与几何图形</translation>
    </message>
    <message>
        <source>18.3 MNIST</source>
        <translation>18.3 MNIST</translation>
    </message>
    <message>
        <source>18.4 Fashion-MNIST</source>
        <translation>18.4 Fashion-MNIST</translation>
    </message>
    <message>
        <source>18.5 CIFAR-10</source>
        <translation>18.5 CIFAR-10</translation>
    </message>
    <message>
        <source>&lt;p&gt;Before it trains networks of its own, the chapter looks back at seven networks that shaped image recognition. Each one added an idea that the later ones kept. Pick a row to read its card; &lt;b&gt;Build on the current dataset&lt;/b&gt; puts that network into the setup, which then shows its layer table for the images you have chosen.&lt;/p&gt;&lt;p&gt;Our counts are taken at the paper&apos;s input: 32×32 gray digits for LeNet-5, 224×224 colour photos and 1000 classes for the others. On the chapter&apos;s small images most of them shrink, because the size of a dense layer follows the size of the feature maps before it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在训练自己的网络之前，本章先回顾七个塑造了图像识别的网络。每个网络都带来一个新想法，并被后来的网络沿用。选中一行即可阅读它的介绍卡片；&lt;b&gt;在当前数据集上构建&lt;/b&gt;会把该网络放进“设置”，并按你选择的图片显示它的层表。&lt;/p&gt;&lt;p&gt;本程序的参数量按论文的输入计算：LeNet-5 用 32×32 灰度数字，其余网络用 224×224 彩色照片、1000 类。在本章的小图片上，多数网络会变小，因为全连接层的大小取决于它前面特征图的大小。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Three generated sets of 28×28 pictures, each asking another question: which &lt;i&gt;colour&lt;/i&gt;, which &lt;i&gt;shape&lt;/i&gt;, or both at once. On each, the chapter trains a fully connected network (DNN), which reads the picture as one long row of 784 numbers, and a small CNN, which looks at small neighbourhoods of pixels wherever they are. Training both on the same images and comparing them is the chapter&apos;s central lesson.&lt;/p&gt;</source>
        <translation>&lt;p&gt;三组自动生成的 28×28 图片，各问一个问题：什么&lt;i&gt;颜色&lt;/i&gt;、什么&lt;i&gt;形状&lt;/i&gt;，或者两者同时判断。本章在每组数据上训练一个全连接网络（DNN），它把图片看成一行 784 个数字；再训练一个小型卷积网络（CNN），它在图片的任何位置观察相邻像素组成的小区域。在同样的图片上训练并比较这两种网络，是本章的核心内容。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;MNIST holds 70 000 handwritten digits. The chapter&apos;s network repeats convolution (5×5), ReLU and 2×2 max pooling twice, with 8 and then 16 kernels, and ends with a 32-unit dense layer, batch normalisation and ten outputs. Its layer table is below, with the book&apos;s parameter column beside ours.&lt;/p&gt;&lt;p&gt;&lt;b&gt;The book&apos;s 400+16.&lt;/b&gt; The book gives the second convolution 400+16 parameters, as if each of its 16 kernels were one 5×5 grid (16×25 = 400). That layer reads the 8 maps of the first layer, so each kernel is 8×5×5: 16×8×25 = 3 200 weights plus 16 biases. The first layer&apos;s 200+8 is right, because it reads a single gray channel (8×25 = 200).&lt;/p&gt;</source>
        <translation>&lt;p&gt;MNIST 包含 70 000 张手写数字。本章的网络把“卷积（5×5）、ReLU、2×2 最大池化”重复两次，卷积核先是 8 个、再是 16 个，最后接 32 个神经元的全连接层、批归一化和 10 个输出。下面是它的层表，书中的参数列与本程序的并排列出。&lt;/p&gt;&lt;p&gt;&lt;b&gt;书中的 400+16。&lt;/b&gt;书中给第二个卷积层写了 400+16 个参数，好像它的 16 个卷积核各只是一个 5×5 的网格（16×25 = 400）。但这一层读入的是第一层的 8 张特征图，所以每个卷积核是 8×5×5：16×8×25 = 3 200 个权重，再加 16 个偏置。第一层的 200+8 是对的，因为它只读入一个灰度通道（8×25 = 200）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Fashion-MNIST has MNIST&apos;s size and format, but its pictures are clothes, shoes and bags, and some classes are hard to tell apart even for people: T-shirts, shirts, pullovers and coats share the same outline. Look at the samples first, three rows per class as the book shows them, then train both networks.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Fashion-MNIST 的尺寸和格式与 MNIST 相同，但图片是衣服、鞋子和包，有些类别连人都难以区分：T恤衫、衬衫、套头衫和外套的轮廓几乎一样。先像书中那样按每类三行看看样本，再训练两种网络。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;CIFAR-10 holds 60 000 colour photos of 32×32 pixels in ten classes: aeroplanes, cars, birds, cats, deer, dogs, frogs, horses, ships and lorries. Photos vary far more than drawn shapes or digits, so the network is larger: twice two 3×3 convolutions, pooling and dropout (32, then 64 kernels), then a 512-unit dense layer with dropout and ten outputs. The book builds it in Keras and trains it with RMSprop at a small learning rate on randomly shifted and mirrored copies of the photos.&lt;/p&gt;</source>
        <translation>&lt;p&gt;CIFAR-10 包含 60 000 张 32×32 的彩色照片，分为十类：飞机、汽车、鸟、猫、鹿、狗、青蛙、马、船和卡车。照片的变化远比画出的形状或数字多，所以网络更大：两组“两个 3×3 卷积、池化、丢弃”（先 32 个、再 64 个卷积核），然后是 512 个神经元的全连接层加丢弃，最后 10 个输出。书中用 Keras 搭建这个模型，用较小学习率的 RMSprop，在随机平移和左右翻转的照片上训练。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Colours: the DNN and where it fails</source>
        <translation>颜色：DNN 以及它在哪里出错</translation>
    </message>
    <message>
        <source>Colours: the CNN against the DNN</source>
        <translation>颜色：CNN 与 DNN 对比</translation>
    </message>
    <message>
        <source>Colours: the 1×1 convolution figure</source>
        <translation>颜色：1×1 卷积的图</translation>
    </message>
    <message>
        <source>Shapes: the DNN</source>
        <translation>形状：DNN</translation>
    </message>
    <message>
        <source>Shapes: the CNN against the DNN</source>
        <translation>形状：CNN 与 DNN 对比</translation>
    </message>
    <message>
        <source>Shapes: the first-layer kernels and their roles</source>
        <translation>形状：第一层卷积核及其作用</translation>
    </message>
    <message>
        <source>Colour-shapes: the DNN&apos;s mistakes</source>
        <translation>颜色与形状：DNN 的错误</translation>
    </message>
    <message>
        <source>Colour-shapes: the CNN</source>
        <translation>颜色与形状：CNN</translation>
    </message>
    <message>
        <source>MNIST: the DNN baseline</source>
        <translation>MNIST：DNN 基线</translation>
    </message>
    <message>
        <source>MNIST: the CNN and both kernel groups</source>
        <translation>MNIST：CNN 与两组卷积核</translation>
    </message>
    <message>
        <source>MNIST: conv, ReLU and pool maps</source>
        <translation>MNIST：卷积、ReLU 与池化的特征图</translation>
    </message>
    <message>
        <source>Fashion-MNIST: the DNN</source>
        <translation>Fashion-MNIST：DNN</translation>
    </message>
    <message>
        <source>Fashion-MNIST: the CNN against the DNN</source>
        <translation>Fashion-MNIST：CNN 与 DNN 对比</translation>
    </message>
    <message>
        <source>CIFAR-10: the Keras model</source>
        <translation>CIFAR-10：Keras 模型</translation>
    </message>
    <message>
        <source>&lt;p&gt;The DNN turns the picture gray and flattens it, so a colour survives only as a brightness. It gets most pictures right but stumbles on two kinds. In a &lt;b&gt;thin line&lt;/b&gt; the few coloured pixels end up far apart in the flattened row and look like noise. In a &lt;b&gt;large block&lt;/b&gt; the coloured pixels outnumber the background so much that nothing stands out. The Misclassified tab lists its mistakes: look for lines and big filled shapes.&lt;/p&gt;</source>
        <translation>&lt;p&gt;DNN 先把图片转成灰度再拉平，颜色只剩下亮度。它大多数图片都能判断对，但在两类图片上出错。&lt;b&gt;细线&lt;/b&gt;里有颜色的像素很少，拉平后彼此相距很远，看起来像噪声。&lt;b&gt;大色块&lt;/b&gt;里有颜色的像素远多于背景，反而没有什么突出的特征。“误分类”页列出它的错误：找找其中的细线和大块的实心图形。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The colour CNN begins with two &lt;b&gt;1×1 convolutions&lt;/b&gt;. A 1×1 kernel looks at one pixel only, but across its three channels: it is a weighted mix of red, green and blue, made at every position. Colour is a question about channels, not about neighbourhoods, so this is the right tool, and it also turns three channels into two before the 3×3 layer. The curves tab draws this run over the DNN&apos;s, when the DNN has a run, so the gap shows epoch by epoch.&lt;/p&gt;</source>
        <translation>&lt;p&gt;颜色 CNN 以两个 &lt;b&gt;1×1 卷积&lt;/b&gt;开始。1×1 卷积核只看一个像素，但同时看它的三个通道：它在每个位置对红、绿、蓝做加权组合。颜色是通道之间的问题，而不是相邻像素之间的问题，所以这正是合适的工具；它还在 3×3 卷积层之前把三个通道减为两个。如果 DNN 已有运行，“曲线”页会把这次运行叠加在 DNN 的曲线上，差距逐轮可见。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Feature maps, one sample per class, lays out the book&apos;s figure: each colour&apos;s picture, what each 1×1 kernel makes of it, the second layer&apos;s three maps read as one RGB picture, and the same after ReLU. The mixed pictures look nothing like the originals, yet every colour ends with its own pattern of strong and weak channels, which is all the dense layers need.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“特征图”页选“每类一个样本”，即是书中的图：每种颜色的原图、每个 1×1 卷积核的输出、第二层的三张特征图合成的一张 RGB 图，以及经过 ReLU 之后的样子。混合后的图片和原图毫不相像，但每种颜色都得到了自己独特的强弱通道组合，这正是后面的全连接层所需要的。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;On white shapes the DNN must learn each shape at each place and size on its own: a circle moved by a few pixels is a different row of numbers to it. Its mistakes are mostly shapes with similar outlines, such as diamonds, triangles and circles.&lt;/p&gt;</source>
        <translation>&lt;p&gt;对白色的形状，DNN 必须分别学会每种形状在每个位置、每种大小下的样子：圆移动几个像素，对它来说就是另一行数字。它的错误多发生在轮廓相近的形状之间，比如菱形、三角形和圆形。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The shape CNN slides eight 3×3 kernels over the whole picture, so an edge is found wherever it is, and max pooling then keeps only whether it was found nearby. The curves draw this run over the DNN&apos;s.&lt;/p&gt;</source>
        <translation>&lt;p&gt;形状 CNN 让八个 3×3 卷积核在整张图片上滑动，所以边缘无论在哪里都能被找到；最大池化再只保留“附近是否找到了它”。“曲线”页把这次运行叠加在 DNN 的曲线上。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The Kernel roles tab shows the eight first-layer kernels, their outputs for one sample of each shape, and which kernel responds to which shape. The book&apos;s table is below. Expect yours to differ: a network can share the work among its kernels in many ways and still tell the five shapes apart. Kernels that answer one direction of edge, and one that fills large areas, tend to come back.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“卷积核作用”页显示第一层的八个卷积核、它们对每种形状一个样本的输出，以及哪个卷积核对哪种形状有响应。书中的表在下面。你的结果多半和书中不同：网络可以用很多种方式在卷积核之间分工，仍然能把五种形状分开。但只对某个方向的边缘响应的卷积核，以及填充大面积区域的卷积核，往往会反复出现。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Nine classes: three colours times three shapes. The DNN mostly gets the colour right and the shape wrong. The book shows a green rectangle taken for a green circle and two green triangles given the wrong shape but the right colour. Look for the same kind of mistake in the Misclassified tab.&lt;/p&gt;</source>
        <translation>&lt;p&gt;九个类别：三种颜色乘以三种形状。DNN 通常颜色判断对了、形状判断错了。书中有一个绿色矩形被当成绿色圆形，还有两个绿色三角形颜色对了、形状错了。在“误分类”页找找同样的错误。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The shape CNN with three input channels tells colour and shape at once. In the book it missed one picture of its grid, a green triangle it called a green circle. The Misclassified tab shows which pictures still fool this run.&lt;/p&gt;</source>
        <translation>&lt;p&gt;三通道输入的形状 CNN 同时判断颜色和形状。书中它在样本网格里只错了一张：把一个绿色三角形判成了绿色圆形。“误分类”页显示还有哪些图片骗过了这次运行。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The fully connected baseline on the same digits. The book reports 97.49% for it, about one point below the CNN: on centred digits a DNN does well, and the CNN&apos;s gain is smaller than on shapes.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在同样的数字上训练全连接基线网络。书中它的准确率是 97.49%，比 CNN 低约一个百分点：数字都居中时 DNN 表现不错，CNN 的优势比在形状上小。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The Kernels tab shows both kernel groups: the first layer&apos;s eight 5×5 kernels, which look at the digit itself and often resemble stroke and edge detectors, and the second layer&apos;s 16×8 kernels, one small grid per input map, which are much harder to read by eye. The book gets 98.44% on the slide and 98.65% in the text.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“卷积核”页显示两组卷积核：第一层的八个 5×5 卷积核直接看数字本身，常常像笔画和边缘检测器；第二层的 16×8 个卷积核，每张输入特征图一个小网格，用肉眼就难懂得多。书中幻灯片上的准确率是 98.44%，正文中是 98.65%。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Feature maps shows what one digit becomes in each layer: the eight conv maps, the same after ReLU (negative responses cut to zero), halved by pooling, then the second layer&apos;s sixteen maps, which end as 4×4 maps for the dense layer.&lt;/p&gt;</source>
        <translation>&lt;p&gt;“特征图”页显示一个数字在每一层变成什么：八张卷积特征图，经过 ReLU（负的响应变为零），再被池化缩小一半；然后是第二层的十六张特征图，最后以 4×4 的大小交给全连接层。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The book&apos;s DNN adds batch normalisation after each hidden layer and shows only its curves; cnnlab trains the plain baseline here. Compare its curves with the CNN&apos;s below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;书中的 DNN 在每个隐藏层后加了批归一化，并且只给出了训练曲线；这里 cnnlab 训练的是普通的基线网络。把它的曲线和下面 CNN 的曲线比较一下。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;One wide layer of 32 kernels of 3×3, max pooling and a 128-unit dense layer. Clothes look the same mirrored, so the tuned recipe also trains on left-right flipped copies. The curves draw this run over the DNN&apos;s.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一层较宽的卷积（32 个 3×3 卷积核）、最大池化和 128 个神经元的全连接层。衣服左右翻转后还是同一类，所以调优配方还用左右翻转的副本训练。“曲线”页把这次运行叠加在 DNN 的曲线上。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The book&apos;s Keras model in PyTorch. With the course settings it trains 25 epochs, as the book&apos;s GPU run did. On a CPU an epoch takes minutes; measure this machine above before you start.&lt;/p&gt;</source>
        <translation>&lt;p&gt;用 PyTorch 实现的书中 Keras 模型。使用课程设置时训练 25 轮，和书中的 GPU 运行一样。在 CPU 上每轮要几分钟；开始之前先用上面的按钮测一下这台机器。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>75–85% across runs</source>
        <translation>多次运行在 75–85% 之间</translation>
    </message>
    <message>
        <source>98.44% on the slide, 98.65% in the text</source>
        <translation>幻灯片上 98.44%，正文中 98.65%</translation>
    </message>
    <message>
        <source>it shows only the curves</source>
        <translation>书中只给出曲线</translation>
    </message>
    <message>
        <source>GPU, 25 epochs; on a CPU 63.61% after 10 epochs</source>
        <translation>GPU，25 轮；CPU 上 10 轮为 63.61%</translation>
    </message>
    <message>
        <source>Fashion-MNIST: samples of each class</source>
        <translation>Fashion-MNIST：每类的样本</translation>
    </message>
    <message>
        <source>&lt;p&gt;Three rows per class, in the book&apos;s order. Which classes would you confuse?&lt;/p&gt;</source>
        <translation>&lt;p&gt;每类三行，按书中的顺序排列。你会把哪些类别弄混？&lt;/p&gt;</translation>
    </message>
    <message>
        <source>T-shirt</source>
        <translation>T恤衫</translation>
    </message>
    <message>
        <source>Trouser</source>
        <translation>裤子</translation>
    </message>
    <message>
        <source>Pullover</source>
        <translation>套头衫</translation>
    </message>
    <message>
        <source>Dress</source>
        <translation>连衣裙</translation>
    </message>
    <message>
        <source>Coat</source>
        <translation>外套</translation>
    </message>
    <message>
        <source>Sandal</source>
        <translation>凉鞋</translation>
    </message>
    <message>
        <source>Shirt</source>
        <translation>衬衫</translation>
    </message>
    <message>
        <source>Sneaker</source>
        <translation>运动鞋</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>包</translation>
    </message>
    <message>
        <source>Ankle boot</source>
        <translation>短靴</translation>
    </message>
    <message>
        <source>left edges</source>
        <translation>左侧边缘</translation>
    </message>
    <message>
        <source>large filled areas</source>
        <translation>大色块区域</translation>
    </message>
    <message>
        <source>upper-left edges</source>
        <translation>左上侧边缘</translation>
    </message>
    <message>
        <source>short 45° edges</source>
        <translation>45 度短边</translation>
    </message>
    <message>
        <source>right edges, top edges</source>
        <translation>右侧边缘、上横边</translation>
    </message>
    <message>
        <source>upper-left, upper-right, lower-right</source>
        <translation>左上、右上、右下</translation>
    </message>
    <message>
        <source>left border and lower-right corner</source>
        <translation>左边框和右下角</translation>
    </message>
    <message>
        <source>upper-left and lower-right, and the background</source>
        <translation>左上和右下，及背景</translation>
    </message>
    <message>
        <source>line</source>
        <translation>直线</translation>
    </message>
    <message>
        <source>triangle</source>
        <translation>三角形</translation>
    </message>
    <message>
        <source>diamond</source>
        <translation>菱形</translation>
    </message>
    <message>
        <source>rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>The paper&apos;s &apos;about 60 000&apos;.</source>
        <translation>论文中的“约 60 000”。</translation>
    </message>
    <message>
        <source>The paper&apos;s &apos;60 million&apos;.</source>
        <translation>论文中的“6000 万”。</translation>
    </message>
    <message>
        <source>The paper gives no total: AlexNet&apos;s plan with a 7×7 stride-2 first layer.</source>
        <translation>论文没有给出总数：它沿用 AlexNet 的结构，第一层改为步长 2 的 7×7 卷积。</translation>
    </message>
    <message>
        <source>The paper&apos;s 138 million for VGG-16.</source>
        <translation>论文中 VGG-16 的 1.38 亿。</translation>
    </message>
    <message>
        <source>The paper&apos;s table sums to about 6.8 million; ours adds the two auxiliary heads used in training.</source>
        <translation>论文的表格合计约 680 万；本程序的数字还包括训练时使用的两个辅助分类器。</translation>
    </message>
    <message>
        <source>The usual 11.7 million (the paper tabulates operations, not weights).</source>
        <translation>通常引用的 1170 万（论文列出的是运算量，而不是权重数）。</translation>
    </message>
    <message>
        <source>The usual 8.0 million for DenseNet-121.</source>
        <translation>DenseNet-121 通常引用的 800 万。</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>CPU (8 cores)</source>
        <translation>CPU（8 核）</translation>
    </message>
    <message>
        <source>The book states no accuracy · this run {0}</source>
        <translation>书中未给出准确率 · 本次 {0}</translation>
    </message>
    <message>
        <source>Book {0} · this run {1}</source>
        <translation>书中 {0} · 本次 {1}</translation>
    </message>
    <message>
        <source>This step needs the {0} files: press Lessons to go back to the setup and choose their folder with Data folder…, or run &apos;cnnlab data download {1}&apos; once.</source>
        <translation>这一步需要 {0} 的数据文件：再按一次“课程”回到设置，用“数据文件夹…”选择它们所在的文件夹，或先运行一次 “cnnlab data download {1}”。</translation>
    </message>
    <message>
        <source>A run is training: wait for it to end, or stop it, before starting a lesson step.</source>
        <translation>正在训练：请等它结束或先停止，再开始课程中的一步。</translation>
    </message>
    <message>
        <source>The run was stopped before it finished.</source>
        <translation>这次运行在完成前被停止了。</translation>
    </message>
    <message>
        <source>Show the samples</source>
        <translation>显示样本</translation>
    </message>
    <message>
        <source>Book run</source>
        <translation>书中的运行</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>per epoch</source>
        <translation>每轮</translation>
    </message>
    <message>
        <source>about {0} min</source>
        <translation>约 {0} 分钟</translation>
    </message>
    <message>
        <source>The book&apos;s times, and this machine&apos;s</source>
        <translation>书中的用时，以及这台机器的用时</translation>
    </message>
    <message>
        <source>Measure this machine</source>
        <translation>测一下这台机器</translation>
    </message>
    <message>
        <source>Times a few training steps of the Keras model on random images (a few seconds) and scales them to the book&apos;s runs.</source>
        <translation>在随机图片上给 Keras 模型计时几步训练（几秒钟），再换算成书中各次运行的用时。</translation>
    </message>
    <message>
        <source>Timing a few training steps…</source>
        <translation>正在为几步训练计时…</translation>
    </message>
    <message>
        <source>This machine ({0}): about {1} an epoch, so about {2} for the book&apos;s {3} epochs and {4} for its {5} CPU epochs.</source>
        <translation>这台机器（{0}）：每轮约 {1}，书中 {3} 轮约需 {2}，书中 CPU 的 {5} 轮约需 {4}。</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>kernel / size</source>
        <translation>卷积核 / 尺寸</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>ours</source>
        <translation>本程序</translation>
    </message>
    <message>
        <source>book</source>
        <translation>书中</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>设置：</translation>
    </message>
    <message>
        <source>Tuned</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>The default recipe: tuned settings that train fast and beat the book&apos;s accuracy.</source>
        <translation>默认配方：调优过的设置，训练快，准确率超过书中。</translation>
    </message>
    <message>
        <source>The lecture&apos;s own optimiser, learning rate, batch size and epochs: slower, and close to the book&apos;s numbers.</source>
        <translation>课程自己的优化器、学习率、批大小和轮数：更慢，结果接近书中的数字。</translation>
    </message>
    <message>
        <source>{0} is set up for {1}: its layer table is in the setup, under Model (press Lessons to go back to it); press Start to train it.</source>
        <translation>{0} 已为 {1} 设置好：它的层表在设置栏的“模型”标签下（再按一次“课程”即可回到设置）；按“开始”即可训练。</translation>
    </message>
    <message>
        <source>Loading the lessons…</source>
        <translation>正在加载课程…</translation>
    </message>
    <message>
        <source>The chapter&apos;s lessons in place of the setup: each step trains or opens a run and shows its figure beside the book&apos;s number. Press again for the setup.</source>
        <translation>用本章的课程替换左侧的设置栏：每一步训练或打开一次运行，并在书中数字旁显示本次的结果和对应的图。再按一次回到设置。</translation>
    </message>
    <message>
        <source>Training… the figure&apos;s tab opens when the run ends.</source>
        <translation>正在训练…运行结束后会打开对应图所在的页。</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>书中设置</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
</context>
<context>
    <name>LiveView</name>
    <message>
        <source>Shows: {0} Misleads: {1}</source>
        <translation>显示：{0} 误导之处：{1}</translation>
    </message>
    <message>
        <source>Occlusion: pixels a side of the square</source>
        <translation>遮挡：方块的边长（像素）</translation>
    </message>
    <message>
        <source>Occlusion: pixels between square positions</source>
        <translation>遮挡：方块每次移动的距离（像素）</translation>
    </message>
    <message>
        <source>patch:</source>
        <translation>方块：</translation>
    </message>
    <message>
        <source>stride:</source>
        <translation>步长：</translation>
    </message>
    <message>
        <source>method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Output probabilities</source>
        <translation>输出概率</translation>
    </message>
    <message>
        <source>Feature maps of every layer:</source>
        <translation>每一层的特征图：</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>model input</source>
        <translation>模型输入</translation>
    </message>
    <message>
        <source>(all zero)</source>
        <translation>（全为零）</translation>
    </message>
    <message>
        <source>for {0} ({1})</source>
        <translation>类别：{0}（{1}）</translation>
    </message>
    <message>
        <source>Grad-CAM is all zero here: after its ReLU no place of {0} speaks for {1}, so the class is recognised by what this layer does not see. Try another method.</source>
        <translation>这里的 Grad-CAM 全为零：经过 ReLU 后，{0} 没有任何位置支持 {1}，说明这一类是凭这一层没看到的东西认出来的。请换一种方法。</translation>
    </message>
    <message>
        <source>, first {0}</source>
        <translation>，前 {0} 张</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ready: press Start (Ctrl+Return) to train.</source>
        <translation>就绪：按“开始”（Ctrl+Return）训练。</translation>
    </message>
    <message>
        <source>Loading the plots and the training engine…</source>
        <translation>正在加载图表和训练引擎…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>convolutional networks lab</source>
        <translation>卷积神经网络实验室</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Curves against &amp;epochs</source>
        <translation>按轮次画曲线(&amp;E)</translation>
    </message>
    <message>
        <source>Plot against epochs instead of iterations.</source>
        <translation>横轴用轮次而不是迭代次数。</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>A sweep is training: start the run once it has ended.</source>
        <translation>有一个扫描正在训练：请等它结束后再开始运行。</translation>
    </message>
    <message>
        <source>Stopping the run and saving its checkpoint…</source>
        <translation>正在停止训练并保存检查点…</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>R&amp;uns…</source>
        <translation>运行记录(&amp;U)…</translation>
    </message>
    <message>
        <source>Every saved run: sort, filter, note, delete, compare two</source>
        <translation>所有保存的运行：排序、筛选、备注、删除、两两对比</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>&amp;Design…</source>
        <translation>设计(&amp;D)…</translation>
    </message>
    <message>
        <source>Build a network row by row and see its shapes and costs</source>
        <translation>逐行搭建网络，查看它的形状和开销</translation>
    </message>
    <message>
        <source>Open in designer</source>
        <translation>在设计器中打开</translation>
    </message>
    <message>
        <source>Edit the picked run&apos;s network in the Design tab</source>
        <translation>在“设计”页编辑选中运行的网络</translation>
    </message>
    <message>
        <source>The network of {0} is in the Design tab.</source>
        <translation>{0} 的网络已在“设计”页中。</translation>
    </message>
    <message>
        <source>{0} could not be imported ({1}); the window needs it to train and plot: reinstall cnnlab&apos;s requirements.</source>
        <translation>无法导入 {0}（{1}）；窗口需要它来训练和绘图：请重新安装 cnnlab 的依赖。</translation>
    </message>
    <message>
        <source>The window could not make its {0} ({1}); restart cnnlab, and report it if it happens again.</source>
        <translation>窗口无法创建它的{0}（{1}）；请重启 cnnlab，如果再次发生请报告。</translation>
    </message>
</context>
<context>
    <name>MethodsView</name>
    <message>
        <source>Every method for class {0} (probability {1}); red and hot colours speak for the class, blue against it, dark occlusion = hiding that place costs the class.</source>
        <translation>类别{0}（概率 {1}）的所有方法；红色和暖色表示支持该类别，蓝色表示反对，遮挡图中暗的地方表示遮住那里会让该类别失分。</translation>
    </message>
    <message>
        <source>over the input</source>
        <translation>叠加在输入上</translation>
    </message>
</context>
<context>
    <name>MisclassifiedPanel</name>
    <message>
        <source>most confident first</source>
        <translation>置信度从高到低</translation>
    </message>
    <message>
        <source>least confident first</source>
        <translation>置信度从低到高</translation>
    </message>
    <message>
        <source>test-set order</source>
        <translation>测试集顺序</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>true class:</source>
        <translation>真实类别：</translation>
    </message>
    <message>
        <source>predicted:</source>
        <translation>预测：</translation>
    </message>
    <message>
        <source>sort:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <source>Misclassified test images of {0}: {1} of {2} wrong (accuracy {3}); caption: predicted(true) and confidence</source>
        <translation>{0} 的误分类测试图片：{2} 张中错了 {1} 张（准确率 {3}）；图下标注：预测(真实) 和置信度</translation>
    </message>
    <message>
        <source>{0}–{1} of {2}</source>
        <translation>第 {0}–{1} 张，共 {2} 张</translation>
    </message>
    <message>
        <source>no mistakes match</source>
        <translation>没有符合条件的误分类</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <source>A deep CNN (5 conv + 3 FC, 60 M parameters) with ReLU, dropout and LRN, trained on two GPUs, won ImageNet 2012.</source>
        <translation>5个卷积层加3个全连接层（6000万参数），使用ReLU、Dropout和局部响应归一化，在两块GPU上训练，赢得2012年ImageNet竞赛。</translation>
    </message>
    <message>
        <source>Small images: the first conv is 3×3 with stride 1 instead of 11×11 with stride 4, so a 28×28 digit is not reduced to 5×5 at once; the rest, the two-GPU grouping included, is the paper&apos;s.</source>
        <translation>小图片：第一个卷积层改用步长为 1 的 3×3 卷积，而不是步长为 4 的 11×11，这样 28×28 的数字不会一下子缩成 5×5；其余部分（包括双 GPU 分组）与论文相同。</translation>
    </message>
    <message>
        <source>Fully connected baseline (DNN)</source>
        <translation>全连接基线网络（DNN）</translation>
    </message>
    <message>
        <source>784 → 128 → 64 → K on flattened pixels: the baseline every CNN in the chapter is compared with.</source>
        <translation>把图片拉成向量的全连接网络 784→128→64→K，是本章与卷积网络对比的基线。</translation>
    </message>
    <message>
        <source>Colour images are converted to gray first, as the course does; batch_norm=True gives the Fashion-MNIST variant.</source>
        <translation>与课程一样，彩色图片先转为灰度；batch_norm=True 即为 Fashion-MNIST 所用的版本。</translation>
    </message>
    <message>
        <source>Colour CNN (1×1 then 3×3)</source>
        <translation>颜色 CNN（先 1×1 再 3×3）</translation>
    </message>
    <message>
        <source>Two 1×1 kernels mix the RGB channels at each pixel, then three 3×3 kernels: colour is cross-channel, not spatial.</source>
        <translation>先用两个1×1卷积核做跨通道的颜色整合，再用三个3×3卷积核；颜色信息在通道之间而不在空间里。</translation>
    </message>
    <message>
        <source>The 1×1 kernels start with positive weights, so every colour lights both channels at the start; with the usual signed start a channel can be dead for every colour and some seeds stall at chance.</source>
        <translation>1×1 卷积核的初始权重为正，因此一开始每种颜色都会点亮两个通道；若用常见的有正有负的初始化，某个通道可能对所有颜色都不激活，有些随机种子会停在随机猜测的水平。</translation>
    </message>
    <message>
        <source>Shape CNN (8@3×3, 16@3×3)</source>
        <translation>形状 CNN（8@3×3，16@3×3）</translation>
    </message>
    <message>
        <source>Eight 3×3 edge detectors, then sixteen: each first-layer kernel learns a role (edges, corners, filled areas).</source>
        <translation>8个3×3卷积核提取边缘、角点、色块等特征，再由16个卷积核组合；每个卷积核各有分工。</translation>
    </message>
    <message>
        <source>Colour-shape CNN</source>
        <translation>颜色形状 CNN</translation>
    </message>
    <message>
        <source>The shape CNN with three input channels: one network tells colour and shape at once (9 classes).</source>
        <translation>三通道输入的形状卷积网络，同时分类颜色和形状（9类）。</translation>
    </message>
    <message>
        <source>MNIST CNN (8@5×5, 16@5×5)</source>
        <translation>MNIST CNN（8@5×5，16@5×5）</translation>
    </message>
    <message>
        <source>Two 5×5 conv / ReLU / max-pool stages and a 32-unit BN layer: 98.4% on MNIST with 12 k parameters.</source>
        <translation>两组5×5卷积-激活-池化，再接32个神经元的全连接和批归一化层，约1.2万个参数在MNIST上达到98.4%。</translation>
    </message>
    <message>
        <source>The lecture&apos;s table lists 400+16 for the second conv, counting one 5×5 kernel per output; with its 8 input channels the layer has 16×8×5×5 = 3200 weights + 16 biases.</source>
        <translation>课程的表格里第二个卷积层写的是 400+16，只按每个输出一个 5×5 卷积核计算；这一层有 8 个输入通道，实际有 16×8×5×5 = 3200 个权重加 16 个偏置。</translation>
    </message>
    <message>
        <source>Fashion CNN (32@3×3)</source>
        <translation>Fashion-MNIST 的 CNN（32@3×3）</translation>
    </message>
    <message>
        <source>One wide conv layer (32 kernels of 3×3), max-pool and a 128-unit dense layer: 91% on Fashion-MNIST.</source>
        <translation>一层32个3×3卷积核、最大池化和128个神经元的全连接层，在Fashion-MNIST上达到91%。</translation>
    </message>
    <message>
        <source>CIFAR-10 CNN (Keras example)</source>
        <translation>CIFAR-10 CNN（Keras 示例）</translation>
    </message>
    <message>
        <source>Two stages of conv-conv-pool-dropout (32, then 64 kernels), dense 512 with dropout: the course&apos;s Keras model.</source>
        <translation>两组“卷积-卷积-池化-丢弃”（32和64个卷积核），再接512个神经元的全连接和丢弃层，即课程中的Keras模型。</translation>
    </message>
    <message>
        <source>In a dense block each layer takes all earlier maps, concatenated, and adds k = 32 new ones; 8 M parameters.</source>
        <translation>稠密块中每层以前面所有层的特征图拼接为输入，只新增k=32个特征图；121层仅800万参数。</translation>
    </message>
    <message>
        <source>Small images: the first conv is 3×3 with stride 1 instead of 7×7 with stride 2 (max pool kept), so 28×28 digits go through the dense blocks at 14, 7, 3 and 1 pixels.</source>
        <translation>小图片：第一个卷积层改用步长为 1 的 3×3 卷积，而不是步长为 2 的 7×7（保留最大池化），于是 28×28 的数字以 14、7、3、1 像素的尺寸依次经过各稠密块。</translation>
    </message>
    <message>
        <source>Inception modules: parallel 1×1, 3×3, 5×5 and pool branches with 1×1 bottlenecks; 2 auxiliary losses × 0.3.</source>
        <translation>Inception模块：1×1、3×3、5×5卷积和池化分支并行，用1×1卷积降维；两个辅助分类器，损失权重0.3。</translation>
    </message>
    <message>
        <source>Batch norm after each conv and no LRN, as torchvision; small images get a 3×3 stride-1 first conv (28×28 reaches 4a-4e as 3×3 maps) and the auxiliary heads pool to at most the map&apos;s own size.</source>
        <translation>与 torchvision 一样，每个卷积后接批归一化，不用局部响应归一化；小图片的第一个卷积层改为步长 1 的 3×3（28×28 的输入到 4a-4e 时是 3×3 的特征图），辅助分类器的池化窗口不超过特征图本身的大小。</translation>
    </message>
    <message>
        <source>Convolution, sub-sampling and fully connected layers trained end to end by back-propagation: the template of CNNs.</source>
        <translation>卷积、下采样和全连接层用反向传播端到端训练：卷积神经网络的原型。</translation>
    </message>
    <message>
        <source>ReLU and max pooling as the lecture teaches, full C3 connections and a linear output; 28×28 inputs get padding 2 on the first conv so its maps are 6@28×28 as in the paper.</source>
        <translation>按课程的讲法使用 ReLU 和最大池化，C3 层全连接，输出层为线性；28×28 的输入在第一个卷积层补 2 圈零，使其特征图与论文一样是 6@28×28。</translation>
    </message>
    <message>
        <source>Residual blocks out = F(x) + x: gradients flow through the identity skips, so very deep networks train.</source>
        <translation>残差块 H(x) = F(x) + x：梯度经恒等跳跃连接直接回传，很深的网络也能训练。</translation>
    </message>
    <message>
        <source>Small images: the first conv is 3×3 with stride 1 instead of 7×7 with stride 2 (max pool kept), so 28×28 digits go through the stages at 14, 7, 4 and 2 pixels.</source>
        <translation>小图片：第一个卷积层改用步长为 1 的 3×3 卷积，而不是步长为 2 的 7×7（保留最大池化），于是 28×28 的数字以 14、7、4、2 像素的尺寸依次经过各阶段。</translation>
    </message>
    <message>
        <source>The paper&apos;s CIFAR ResNet: 3 stages × 3 residual blocks at 16, 32, 64 maps, parameter-free shortcuts, 0.27 M.</source>
        <translation>论文中的CIFAR残差网络：3个阶段×3个残差块（16、32、64通道），捷径不含参数，27万参数。</translation>
    </message>
    <message>
        <source>The CIFAR-10 network of the paper&apos;s section 4.2 (n = 3), built for 32×32 images as there; 28×28 digits go through the stages at 28, 14 and 7 pixels.</source>
        <translation>论文 4.2 节中的 CIFAR-10 网络（n = 3），与原文一样为 32×32 的图片设计；28×28 的数字以 28、14、7 像素的尺寸依次经过各阶段。</translation>
    </message>
    <message>
        <source>Small images: max pools round up, so 28×28 digits reach the classifier as 512@1×1 after five pools; nothing else changes. batch_norm=True adds BN after each conv (not in the 2014 paper).</source>
        <translation>小图片：最大池化向上取整，所以 28×28 的数字经过五次池化后以 512@1×1 进入分类器；其他不变。batch_norm=True 会在每个卷积后加批归一化（2014 年的论文中没有）。</translation>
    </message>
    <message>
        <source>Only 3×3 convolutions, in five stages of doubling width: configuration A, 8 conv + 3 FC layers.</source>
        <translation>只用3×3卷积，分五个阶段堆叠、通道数逐级加倍：论文中的A配置，8个卷积层加3个全连接层。</translation>
    </message>
    <message>
        <source>Sixteen weight layers of 3×3 convolutions (configuration D): depth itself buys accuracy; 138 M parameters.</source>
        <translation>16个权重层、全部使用3×3卷积（D配置）：网络越深效果越好；1.38亿参数，大部分在第一个全连接层。</translation>
    </message>
    <message>
        <source>Deconvnet pictures of what each layer sees led to a 7×7 stride-2 first layer instead of AlexNet&apos;s 11×11 stride 4.</source>
        <translation>用反卷积网络可视化各层学到的特征，据此把第一层从AlexNet的11×11、步长4改为7×7、步长2。</translation>
    </message>
    <message>
        <source>Small images: the first conv is 3×3 with stride 1 and the second gets padding 2, so 28×28 digits reach the classifier as 1×1×256 instead of vanishing; the rest is the paper&apos;s.</source>
        <translation>小图片：第一个卷积层改用步长为 1 的 3×3 卷积，第二个卷积层补 2 圈零，使 28×28 的数字以 1×1×256 进入分类器而不会缩没；其余与论文相同。</translation>
    </message>
</context>
<context>
    <name>ModelView</name>
    <message>
        <source>ID</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Kernel / size</source>
        <translation>卷积核 / 尺寸</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数个数</translation>
    </message>
    <message>
        <source>{0}: input {1} → output {2}</source>
        <translation>{0}：输入 {1} → 输出 {2}</translation>
    </message>
    <message>
        <source>Input {0} · {1} parameters ({2} trainable)</source>
        <translation>输入 {0} · 共 {1} 个参数（{2} 个可训练）</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>Kernels</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Kernel roles</source>
        <translation>卷积核作用</translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation>误分类</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>实验台</translation>
    </message>
</context>
<context>
    <name>Predict</name>
    <message>
        <source>Counting this run&apos;s mistakes on the test set…</source>
        <translation>正在统计这次运行在测试集上的错误…</translation>
    </message>
    <message>
        <source>Predict first</source>
        <translation>先猜一猜</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>揭晓</translation>
    </message>
    <message>
        <source>Keep your guess and show the answer beside it (when the answer comes from a run, as soon as the run is shown).</source>
        <translation>保存你的猜测并在旁边显示答案（答案来自运行时，运行一显示就会出现）。</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Go on without a guess; nothing is kept.</source>
        <translation>不猜直接继续；不会保存任何内容。</translation>
    </message>
    <message>
        <source>Ask again</source>
        <translation>再问一次</translation>
    </message>
    <message>
        <source>Your guess is kept: the answer appears beside it when the run is shown.</source>
        <translation>你的猜测已保存：运行显示后，答案会出现在它旁边。</translation>
    </message>
    <message>
        <source>The answer is already shown, so no guess is kept; Ask again to guess before the next run.</source>
        <translation>答案已经显示，因此不记录猜测；点“再问一次”可在下次运行前先猜。</translation>
    </message>
    <message>
        <source>Skipped: no guess is kept.</source>
        <translation>已跳过：没有保存猜测。</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>测得</translation>
    </message>
    <message>
        <source>Computed</source>
        <translation>算得</translation>
    </message>
    <message>
        <source>Your guess</source>
        <translation>你的猜测</translation>
    </message>
    <message>
        <source>No predictions yet: the lessons ask for a guess before they show each answer.</source>
        <translation>还没有预测：课程在揭示每个答案之前都会请你先猜。</translation>
    </message>
    <message>
        <source>{0} guesses, {1} of them hits ({2}).</source>
        <translation>共 {0} 次猜测，其中 {1} 次猜中（{2}）。</translation>
    </message>
    <message>
        <source>Numbers: {0} of {1} within 10% of the truth, {2} within 2×.</source>
        <translation>数值：{1} 次中有 {0} 次与真值相差 10% 以内，{2} 次在 2 倍以内。</translation>
    </message>
    <message>
        <source>Choices: {0} of {1} right.</source>
        <translation>选择：{1} 次中答对 {0} 次。</translation>
    </message>
    <message>
        <source>your guesses are getting closer</source>
        <translation>你的猜测越来越准</translation>
    </message>
    <message>
        <source>fewer hits than before</source>
        <translation>比以前猜中得少</translation>
    </message>
    <message>
        <source>as many hits as before</source>
        <translation>和以前猜中得一样多</translation>
    </message>
    <message>
        <source>Hits in the earlier half of your guesses: {0}; in the later half: {1} ({2}).</source>
        <translation>前一半猜测的命中率：{0}；后一半：{1}（{2}）。</translation>
    </message>
    <message>
        <source>My predictions</source>
        <translation>我的预测</translation>
    </message>
    <message>
        <source>Share of hits among your last {0} guesses</source>
        <translation>最近 {0} 次猜测中的命中比例</translation>
    </message>
    <message>
        <source>hits (%)</source>
        <translation>命中 (%)</translation>
    </message>
    <message>
        <source>guess, oldest first</source>
        <translation>猜测（从最早开始）</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Truth</source>
        <translation>真值</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>Designer</source>
        <translation>设计器</translation>
    </message>
    <message>
        <source>My &amp;predictions…</source>
        <translation>我的预测(&amp;P)…</translation>
    </message>
    <message>
        <source>Every guess you made before an answer was shown, beside the truth, and how close your guesses have come.</source>
        <translation>你在答案揭示之前做出的每次猜测、对应的真值，以及你的猜测越来越接近的程度。</translation>
    </message>
    <message>
        <source>{0} parameters</source>
        <translation>{0} 个参数</translation>
    </message>
    <message>
        <source>{0} pixels</source>
        <translation>{0} 像素</translation>
    </message>
</context>
<context>
    <name>ProbabilityChart</name>
    <message>
        <source> (true)</source>
        <translation>（真实）</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Training report</source>
        <translation>训练报告</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Epochs trained</source>
        <translation>已训练轮数</translation>
    </message>
    <message>
        <source>Training time (s)</source>
        <translation>训练时间（秒）</translation>
    </message>
    <message>
        <source>The book&apos;s result</source>
        <translation>书中的结果</translation>
    </message>
    <message>
        <source>This run is not one of the chapter&apos;s networks, so the book has no number for it.</source>
        <translation>本次运行不是本章的网络，书中没有对应的数字。</translation>
    </message>
    <message>
        <source>Section {section}: {acc} test accuracy</source>
        <translation>第 {section} 节：测试准确率 {acc}</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Per-class accuracy</source>
        <translation>各类别准确率</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>测试图像</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Rows: true class; columns: predicted class.</source>
        <translation>行：真实类别；列：预测类别。</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Misclassified test images</source>
        <translation>分错的测试图像</translation>
    </message>
    <message>
        <source>The most confident mistakes first, titled prediction (truth); {shown} of {wrong} shown.</source>
        <translation>最有把握的错误排在前面，标题为 预测（真实）；显示 {wrong} 张中的 {shown} 张。</translation>
    </message>
    <message>
        <source>Every test image was classified correctly.</source>
        <translation>所有测试图像都分对了。</translation>
    </message>
    <message>
        <source>First-layer kernels</source>
        <translation>第一层卷积核</translation>
    </message>
    <message>
        <source>{layer}: {count} kernels of {size}, each scaled to its own range.</source>
        <translation>{layer}：{count} 个 {size} 的卷积核，各自按自己的范围缩放。</translation>
    </message>
    <message>
        <source>This model has no convolution layer, so it has no kernels to show.</source>
        <translation>这个模型没有卷积层，因此没有卷积核可显示。</translation>
    </message>
    <message>
        <source>Made by cnnlab {version} on {date}.</source>
        <translation>由 cnnlab {version} 于 {date} 生成。</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>Loading {0}…</source>
        <translation>正在加载{0}…</translation>
    </message>
    <message>
        <source>Preparing the run…</source>
        <translation>正在准备训练…</translation>
    </message>
    <message>
        <source>Training resumed.</source>
        <translation>训练已继续。</translation>
    </message>
    <message>
        <source>Paused: press Resume ({0}) to go on, or Stop to end the run.</source>
        <translation>已暂停：按“继续”（{0}）接着训练，或按“停止”结束这次运行。</translation>
    </message>
    <message>
        <source>Stopping: saving what was trained so far…</source>
        <translation>正在停止：保存目前已训练的结果…</translation>
    </message>
    <message>
        <source>Training {0} ({1} parameters) on {2}: {3} training images on {4}.</source>
        <translation>正在{2}上训练 {0}（{1} 个参数）：{3} 张训练图片，设备 {4}。</translation>
    </message>
    <message>
        <source>Continuing {0} to {1} epochs.</source>
        <translation>继续训练 {0}，直到第 {1} 轮。</translation>
    </message>
    <message>
        <source>Compiling the model first (seconds to minutes)…</source>
        <translation>先编译模型（需要几秒到几分钟）…</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>第 {0} 轮</translation>
    </message>
    <message>
        <source>the data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>The training doctor, {0}: {1}</source>
        <translation>训练诊断，{0}：{1}</translation>
    </message>
    <message>
        <source>Finished: test accuracy {0}% after {1} epoch(s) in {2} s; saved in {3}.</source>
        <translation>训练完成：{1} 轮，用时 {2} 秒，测试准确率 {0}%；已保存在 {3}。</translation>
    </message>
    <message>
        <source>Finished after {0} epoch(s) in {1} s; saved in {2}.</source>
        <translation>训练完成：{0} 轮，用时 {1} 秒；已保存在 {2}。</translation>
    </message>
    <message>
        <source>Compiling the model took {0} s more.</source>
        <translation>另外编译模型用了 {0} 秒。</translation>
    </message>
    <message>
        <source>Stopped after {0} finished epoch(s); the checkpoint is saved in {1}.</source>
        <translation>已在完成 {0} 轮后停止；检查点保存在 {1}。</translation>
    </message>
    <message>
        <source>Stopped after {0} finished epoch(s).</source>
        <translation>已在完成 {0} 轮后停止。</translation>
    </message>
    <message>
        <source>Train with batches of {0}</source>
        <translation>以每批 {0} 张图像训练</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Finished after {0} epoch(s), but the training doctor found: {1}; the run&apos;s details say why and offer Fix and rerun.</source>
        <translation>训练 {0} 轮后完成，但训练诊断发现：{1}；运行详情里说明了原因，并提供“修正并重跑”。</translation>
    </message>
</context>
<context>
    <name>RunFolders</name>
    <message>
        <source>Open a run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>Cannot open the run</source>
        <translation>无法打开这次运行</translation>
    </message>
    <message>
        <source>Opened {0}: {1} epoch(s), test accuracy {2}%.</source>
        <translation>已打开 {0}：{1} 轮，测试准确率 {2}%。</translation>
    </message>
    <message>
        <source>Opened {0}: {1} epoch(s).</source>
        <translation>已打开 {0}：{1} 轮。</translation>
    </message>
    <message>
        <source>Curves shown; the inspection tabs cannot use it: {0}</source>
        <translation>曲线已显示；观察标签页无法使用它：{0}</translation>
    </message>
    <message>
        <source>Curves shown; the inspection tabs need its data: {0}</source>
        <translation>曲线已显示；观察标签页需要它的数据：{0}</translation>
    </message>
    <message>
        <source>Cannot list the runs folder: {0}.</source>
        <translation>无法列出运行目录：{0}。</translation>
    </message>
    <message>
        <source>{0} damaged run folder(s) left out</source>
        <translation>略过了 {0} 个损坏的运行文件夹</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>还没有运行记录</translation>
    </message>
    <message>
        <source> — test {0}%</source>
        <translation> —— 测试 {0}%</translation>
    </message>
    <message>
        <source>Export curves as PNG</source>
        <translation>把曲线导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}.</source>
        <translation>无法写入 {0}：{1}。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Curves saved as {0}.</source>
        <translation>曲线已保存为 {0}。</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>被中断</translation>
    </message>
</context>
<context>
    <name>RunLabel</name>
    <message>
        <source>{0} on {1}</source>
        <translation>{1}上的 {0}</translation>
    </message>
</context>
<context>
    <name>RunProgress</name>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>准备中…</translation>
    </message>
    <message>
        <source>epoch 1/{0}</source>
        <translation>第 1/{0} 轮</translation>
    </message>
    <message>
        <source>{0} · stopping…</source>
        <translation>{0} · 正在停止…</translation>
    </message>
    <message>
        <source>{0} img/s</source>
        <translation>每秒 {0} 张</translation>
    </message>
    <message>
        <source>GPU memory {0}</source>
        <translation>GPU 显存 {0}</translation>
    </message>
    <message>
        <source>1 thread</source>
        <translation>1 个线程</translation>
    </message>
    <message>
        <source>{0} threads</source>
        <translation>{0} 个线程</translation>
    </message>
    <message>
        <source>{0} left</source>
        <translation>还需 {0}</translation>
    </message>
    <message>
        <source>epoch {0}/{1} · batch {2}/{3}</source>
        <translation>第 {0}/{1} 轮 · 第 {2}/{3} 批</translation>
    </message>
    <message>
        <source>stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Paused · %p%</source>
        <translation>已暂停 · %p%</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>被中断</translation>
    </message>
    <message>
        <source>unfinished</source>
        <translation>未完成</translation>
    </message>
</context>
<context>
    <name>RunTools</name>
    <message>
        <source>&amp;Continue training…</source>
        <translation>继续训练(&amp;C)…</translation>
    </message>
    <message>
        <source>Train the last run further, in its own folder</source>
        <translation>在原文件夹中接着训练上一次运行</translation>
    </message>
    <message>
        <source>Export &amp;report…</source>
        <translation>导出报告(&amp;R)…</translation>
    </message>
    <message>
        <source>Save the run&apos;s report as an HTML page or a PDF</source>
        <translation>把这次运行的报告保存为 HTML 网页或 PDF</translation>
    </message>
    <message>
        <source>Export &amp;model (ONNX)…</source>
        <translation>导出模型(&amp;M)（ONNX）…</translation>
    </message>
    <message>
        <source>Save the trained network as an ONNX file (Netron, onnxruntime)</source>
        <translation>把训练好的网络保存为 ONNX 文件（可用 Netron、onnxruntime 打开）</translation>
    </message>
    <message>
        <source>Open a run (File ▸ Open run…) or train one first.</source>
        <translation>请先打开一次运行（文件 ▸ 打开运行…）或训练一次。</translation>
    </message>
    <message>
        <source>Continue training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>{0} has trained {1} of {2} epoch(s).
Train on to this many epochs in all:</source>
        <translation>{0} 已训练 {2} 轮中的 {1} 轮。
一共训练到多少轮：</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>HTML page (*.html);;PDF (*.pdf)</source>
        <translation>HTML 网页 (*.html);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <source>Report saved in {0}.</source>
        <translation>报告已保存在 {0}。</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Exporting the model…</source>
        <translation>正在导出模型…</translation>
    </message>
    <message>
        <source>Model saved in {0}.</source>
        <translation>模型已保存在 {0}。</translation>
    </message>
</context>
<context>
    <name>RunsFilterBar</name>
    <message>
        <source>Search names and notes</source>
        <translation>搜索名称和备注</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>RunsTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Test acc.</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Train time</source>
        <translation>训练用时</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Double-click a name or a note to edit it; pick two runs to compare them.</source>
        <translation>双击名称或备注可编辑；选中两次运行可进行对比。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show the run&apos;s curves and look inside its network</source>
        <translation>显示这次运行的曲线并查看其网络内部</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Note…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move the picked runs to the trash folder inside the runs folder</source>
        <translation>把选中的运行移到运行目录里的回收文件夹</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Pick two runs on the same dataset to compare them</source>
        <translation>选中同一数据集上的两次运行进行对比</translation>
    </message>
    <message>
        <source>◀ Back to the runs</source>
        <translation>◀ 返回运行列表</translation>
    </message>
    <message>
        <source>{0} damaged run folder(s) are left out:</source>
        <translation>略过了 {0} 个损坏的运行文件夹：</translation>
    </message>
    <message>
        <source>Moved {0} run(s) to the trash ({1}); press Undo delete to bring them back.</source>
        <translation>已把 {0} 次运行移到回收文件夹（{1}）；按“撤销删除”可恢复。</translation>
    </message>
    <message>
        <source>Brought back {0} run(s) from the trash.</source>
        <translation>已从回收文件夹恢复 {0} 次运行。</translation>
    </message>
    <message>
        <source>Comparing {0} and {1}: scoring both checkpoints on the test set…</source>
        <translation>正在对比 {0} 和 {1}：在测试集上评估两个检查点…</translation>
    </message>
</context>
<context>
    <name>SanityView</name>
    <message>
        <source>This shows the image&apos;s edges, not what the network learned: the map stays alike when the weights are random.</source>
        <translation>这张图显示的是图片的边缘，而不是网络学到的东西：权重换成随机值后，图几乎不变。</translation>
    </message>
    <message>
        <source>The sanity check of Adebayo et al. (2018): the weights are replaced by random ones from the top layer down, one layer more each step, and every map is drawn again. A map that explains what the network learned must change (a low rank correlation ρ with the real map); one that stays alike shows the image, not the network.</source>
        <translation>Adebayo 等人（2018）的合理性检查：从最顶层开始，每一步多把一层的权重换成随机值，并重新画出每张图。真正解释网络所学内容的图必须随之改变（与真实图的秩相关 ρ 变低）；几乎不变的图反映的是图片本身，而不是网络。</translation>
    </message>
    <message>
        <source>Sanity check</source>
        <translation>合理性检查</translation>
    </message>
    <message>
        <source>Export strip…</source>
        <translation>导出图条…</translation>
    </message>
    <message>
        <source>The input, the model or the class has changed since this check: press Sanity check again.</source>
        <translation>这次检查之后，输入、模型或类别已经改变：请再按一次“合理性检查”。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>Checking… step {0} of {1}</source>
        <translation>检查中… 第 {0} 步，共 {1} 步</translation>
    </message>
    <message>
        <source>Randomised from the top: {0}. Deletion area for a random pixel order: {1}.</source>
        <translation>从顶层起随机化：{0}。按随机像素顺序删除时的曲线面积：{1}。</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>real</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>Deletion area {0} (random order {1}; lower is better).</source>
        <translation>删除曲线面积 {0}（随机顺序为 {1}；越低越好）。</translation>
    </message>
    <message>
        <source>The real map is flat for this input: there is no order to compare.</source>
        <translation>对这个输入，真实的图是平的：没有可比较的顺序。</translation>
    </message>
    <message>
        <source>(ρ = {0} with every layer random, not below {1}.)</source>
        <translation>（所有层都随机时 ρ = {0}，没有低于 {1}。）</translation>
    </message>
    <message>
        <source>Passes: ρ = {0} with every layer random (below {1}): the map depends on what the network learned.</source>
        <translation>通过：所有层都随机时 ρ = {0}（低于 {1}）：这张图取决于网络学到的东西。</translation>
    </message>
    <message>
        <source>Export the sanity strip</source>
        <translation>导出合理性检查图条</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF (*.pdf);;SVG image (*.svg)</source>
        <translation>PNG 图片 (*.png);;PDF (*.pdf);;SVG 图片 (*.svg)</translation>
    </message>
    <message>
        <source>survives</source>
        <translation>随机化后不变</translation>
    </message>
    <message>
        <source>Strip saved in {0}.</source>
        <translation>图条已保存到 {0}。</translation>
    </message>
</context>
<context>
    <name>SetupPanel</name>
    <message>
        <source>Settings tuned to beat the chapter&apos;s accuracy on a CPU in little time.</source>
        <translation>调好的设置：在 CPU 上用较短时间超过本章的准确率。</translation>
    </message>
    <message>
        <source>The lecture&apos;s own optimizer, learning rate, batch size and epochs, to reproduce the book.</source>
        <translation>课程自己的优化器、学习率、批大小和轮数，用来复现书中的结果。</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>course</source>
        <translation>书中设置</translation>
    </message>
    <message>
        <source>The images to learn from; the chapter&apos;s generated sets need no download.</source>
        <translation>用来学习的图片；本章程序生成的数据集无需下载。</translation>
    </message>
    <message>
        <source>Data folder…</source>
        <translation>数据文件夹…</translation>
    </message>
    <message>
        <source>Choose the folder that holds this dataset&apos;s files.</source>
        <translation>选择存放这个数据集文件的文件夹。</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Forget the chosen folder and look in the usual places again.</source>
        <translation>忘掉选定的文件夹，重新在常用位置查找。</translation>
    </message>
    <message>
        <source>The network to train; its card and layer table are on the Model tab.</source>
        <translation>要训练的网络；它的介绍和各层参数表在“模型”标签页。</translation>
    </message>
    <message>
        <source>{0} — your design</source>
        <translation>{0} — 你的设计</translation>
    </message>
    <message>
        <source>Where the hyperparameters start: the tuned default or the lecture&apos;s own settings.</source>
        <translation>超参数的初始值：调好的默认值，或课程自己的设置。</translation>
    </message>
    <message>
        <source>Where to train: the CPU, or a GPU this machine has.</source>
        <translation>在哪里训练：CPU，或这台机器上的 GPU。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Unknown dataset {0}.</source>
        <translation>未知的数据集 {0}。</translation>
    </message>
    <message>
        <source>Unknown model {0}.</source>
        <translation>未知的模型 {0}。</translation>
    </message>
    <message>
        <source>The run&apos;s dataset {0} is not known here; the setup is unchanged.</source>
        <translation>这里不认识这次运行的数据集 {0}；设置保持不变。</translation>
    </message>
    <message>
        <source>Choose a data folder with one sub-folder of images per class.</source>
        <translation>请选择一个数据文件夹，其中每个类别的图片放在一个子文件夹里。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Folder with the {0} data</source>
        <translation>存放{0}数据的文件夹</translation>
    </message>
    <message>
        <source>found in {0}</source>
        <translation>位于 {0}</translation>
    </message>
    <message>
        <source>no folder chosen</source>
        <translation>尚未选择文件夹</translation>
    </message>
    <message>
        <source>not found; choose its folder</source>
        <translation>未找到；请选择它的文件夹</translation>
    </message>
    <message>
        <source>The course has no settings for this pair; the default recipe is used.</source>
        <translation>课程没有这一组合的设置；将使用默认方案。</translation>
    </message>
    <message>
        <source>Your design, from the Design tab: {0}</source>
        <translation>你的设计，来自“设计”页：{0}</translation>
    </message>
    <message>
        <source>The layer table appears once the data is loaded.</source>
        <translation>数据加载后会显示各层参数表。</translation>
    </message>
    <message>
        <source>Building the layer table…</source>
        <translation>正在生成各层参数表…</translation>
    </message>
</context>
<context>
    <name>StartCheck</name>
    <message>
        <source>Train on {0} images (about {1})</source>
        <translation>只用 {0} 张图片训练（约 {1}）</translation>
    </message>
    <message>
        <source>Train on {0}</source>
        <translation>在 {0} 上训练</translation>
    </message>
    <message>
        <source>Use the course&apos;s settings (about {0})</source>
        <translation>使用课程的设置（约 {0}）</translation>
    </message>
    <message>
        <source>Use the tuned settings (about {0})</source>
        <translation>使用调优的设置（约 {0}）</translation>
    </message>
    <message>
        <source>Train anyway</source>
        <translation>仍然训练</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>This run would take about {0}: {1} epochs of {2} each on {3}.</source>
        <translation>这次运行大约需要 {0}：{1} 轮，在 {3} 上每轮{2}。</translation>
    </message>
    <message>
        <source>Not started: the run would take about {0}.</source>
        <translation>未开始：这次运行大约需要 {0}。</translation>
    </message>
    <message>
        <source>A long run</source>
        <translation>较长的运行</translation>
    </message>
    <message>
        <source>Train anyway, or choose a cheaper way to start.</source>
        <translation>仍然训练，或选择一种更省时的开始方式。</translation>
    </message>
</context>
<context>
    <name>SweepForm</name>
    <message>
        <source>New sweep</source>
        <translation>新建扫描</translation>
    </message>
    <message>
        <source>e.g. 0.001, 0.003, 0.01</source>
        <translation>例如 0.001, 0.003, 0.01</translation>
    </message>
    <message>
        <source>A count (3: seeds 1, 2, 3) or a list of seeds (7, 8, 9)</source>
        <translation>一个数目（3：种子 1、2、3）或一组种子（7, 8, 9）</translation>
    </message>
    <message>
        <source>the setup&apos;s ({0})</source>
        <translation>设置中的（{0}）</translation>
    </message>
    <message>
        <source>Grid: every combination</source>
        <translation>网格：所有组合</translation>
    </message>
    <message>
        <source>Random search</source>
        <translation>随机搜索</translation>
    </message>
    <message>
        <source>Bayesian search (TPE)</source>
        <translation>贝叶斯搜索（TPE）</translation>
    </message>
    <message>
        <source>Trials trained at once, each in its own process; the cores are shared out</source>
        <translation>同时训练的试验数，每个在自己的进程中；CPU 核心平均分配</translation>
    </message>
    <message>
        <source>Base: {0}, {1}, {2} epoch(s), recipe {3}, {4} training images</source>
        <translation>基础设置：{0}，{1}，{2} 轮，方案 {3}，{4} 张训练图像</translation>
    </message>
    <message>
        <source>Base: {0}, {1}, {2} epoch(s), recipe {3}</source>
        <translation>基础设置：{0}，{1}，{2} 轮，方案 {3}</translation>
    </message>
    <message>
        <source>use letters, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos;, starting with a letter or digit (the name is the sweep&apos;s folder).</source>
        <translation>请使用字母、数字、“.”、“-”和“_”，并以字母或数字开头（名称就是扫描的文件夹名）。</translation>
    </message>
    <message>
        <source>give numbers separated by commas.</source>
        <translation>请输入用逗号分隔的数字。</translation>
    </message>
    <message>
        <source>give a count (3: seeds 1, 2, 3) or seeds separated by commas (7, 8, 9).</source>
        <translation>请输入个数（3：种子 1、2、3）或用逗号分隔的种子（7, 8, 9）。</translation>
    </message>
    <message>
        <source>give at least one seed.</source>
        <translation>请至少给出一个种子。</translation>
    </message>
    <message>
        <source>give at least one value, or leave the box empty for the setup&apos;s.</source>
        <translation>请至少给出一个值，或留空以使用设置中的值。</translation>
    </message>
    <message>
        <source>{0} is listed twice.</source>
        <translation>{0} 重复出现了两次。</translation>
    </message>
    <message>
        <source>a random or Bayesian search chooses among learning rates or batch sizes; to repeat the setup over seeds alone, choose Grid.</source>
        <translation>随机或贝叶斯搜索在学习率或批大小之间选择；若只想用不同种子重复同一设置，请选择“网格”。</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Learning rates</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Seeds (repeats)</source>
        <translation>随机种子（重复）</translation>
    </message>
    <message>
        <source>Batch sizes</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索方式</translation>
    </message>
    <message>
        <source>Trials (random, TPE)</source>
        <translation>试验数（随机、TPE）</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>{0} configuration(s) × {1} seed(s) = {2} trial(s) of {3} epoch(s) each.</source>
        <translation>{0} 种配置 × {1} 个种子 = {2} 个试验，每个 {3} 轮。</translation>
    </message>
</context>
<context>
    <name>SweepResultsView</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>test accuracy (%)</source>
        <translation>测试准确率 (%)</translation>
    </message>
    <message>
        <source>Train this setup</source>
        <translation>训练这个设置</translation>
    </message>
    <message>
        <source>Put the best configuration&apos;s settings into the setup, ready to Start</source>
        <translation>把最佳配置的设置放进设置区，按“开始”即可训练</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>No sweep yet: Run ▸ New sweep… trains one.</source>
        <translation>还没有扫描：运行 ▸ 新建扫描… 可以训练一个。</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Test accuracy (%)</source>
        <translation>测试准确率 (%)</translation>
    </message>
    <message>
        <source>Train s</source>
        <translation>训练秒数</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Not completed</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>{0}: {1} of {2} trial(s) completed; mean ± sample standard deviation (n − 1) over the seeds.</source>
        <translation>{0}：{2} 个试验中完成了 {1} 个；各种子上的平均值 ± 样本标准差（n − 1）。</translation>
    </message>
    <message>
        <source>Best: {0}, test accuracy {1}% over {2} seed(s).</source>
        <translation>最佳：{0}，{2} 个种子上的测试准确率为 {1}%。</translation>
    </message>
    <message>
        <source>Train s: seconds of training batches only; loading data and testing are not counted, but other programs busy on the machine slow it down.</source>
        <translation>训练秒数：只计训练批次的时间；不计加载数据和测试，但机器上其他繁忙的程序会使它变慢。</translation>
    </message>
    <message>
        <source>the base</source>
        <translation>基础设置</translation>
    </message>
    <message>
        <source>all runs</source>
        <translation>所有运行</translation>
    </message>
</context>
<context>
    <name>SweepTools</name>
    <message>
        <source>New s&amp;weep…</source>
        <translation>新建扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>Train the setup again over learning rates, seeds or batch sizes</source>
        <translation>用不同的学习率、随机种子或批大小重复训练当前设置</translation>
    </message>
    <message>
        <source>Open sweep &amp;file…</source>
        <translation>打开扫描文件(&amp;F)…</translation>
    </message>
    <message>
        <source>Train a sweep written in a YAML file</source>
        <translation>训练一个写在 YAML 文件中的扫描</translation>
    </message>
    <message>
        <source>Sweep res&amp;ults…</source>
        <translation>扫描结果(&amp;U)…</translation>
    </message>
    <message>
        <source>Each sweep&apos;s configurations with mean ± std over the seeds</source>
        <translation>每个扫描的各配置，以及各种子上的平均值 ± 标准差</translation>
    </message>
    <message>
        <source>Sweeps…</source>
        <translation>扫描…</translation>
    </message>
    <message>
        <source>The sweeps&apos; results: mean ± std over the seeds, the best setup</source>
        <translation>扫描结果：各种子上的平均值 ± 标准差，以及最佳设置</translation>
    </message>
    <message>
        <source>A sweep is training: stop it or wait for it to end first.</source>
        <translation>有一个扫描正在训练：请先停止它或等它结束。</translation>
    </message>
    <message>
        <source>A run is training: start the sweep once it has ended.</source>
        <translation>有一个运行正在训练：请等它结束后再开始扫描。</translation>
    </message>
    <message>
        <source>Open sweep file</source>
        <translation>打开扫描文件</translation>
    </message>
    <message>
        <source>Sweep files (*.yaml *.yml)</source>
        <translation>扫描文件 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Trials trained at once:</source>
        <translation>同时训练的试验数：</translation>
    </message>
    <message>
        <source>Training the sweep {0}: {1} trial(s)…</source>
        <translation>正在训练扫描 {0}：{1} 个试验…</translation>
    </message>
    <message>
        <source>Stopping the sweep: the trials in progress save what they trained…</source>
        <translation>正在停止扫描：进行中的试验会保存已训练的部分…</translation>
    </message>
    <message>
        <source>The sweep {0} stopped with {1} of {2} trial(s) completed; start it again to continue.</source>
        <translation>扫描 {0} 已停止，{2} 个试验中完成了 {1} 个；再次开始即可继续。</translation>
    </message>
    <message>
        <source>The sweep {0} is done: {1} trial(s).</source>
        <translation>扫描 {0} 已完成：{1} 个试验。</translation>
    </message>
    <message>
        <source>A run is training: the setup changes once it has ended.</source>
        <translation>有一个运行正在训练：它结束后设置才会改变。</translation>
    </message>
    <message>
        <source>The setup holds the sweep&apos;s best configuration: press Start to train it.</source>
        <translation>设置中已是扫描的最佳配置：按“开始”即可训练。</translation>
    </message>
</context>
<context>
    <name>SweepsWindow</name>
    <message>
        <source>Sweeps</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>%v of %m trial(s)</source>
        <translation>%v / %m 个试验</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the sweep: the trials in progress save what they trained; start the same sweep again to continue it</source>
        <translation>停止扫描：进行中的试验会保存已训练的部分；再次开始同一个扫描即可继续</translation>
    </message>
    <message>
        <source>Training the sweep {0}…</source>
        <translation>正在训练扫描 {0}…</translation>
    </message>
    <message>
        <source>Starting the workers…</source>
        <translation>正在启动工作进程…</translation>
    </message>
    <message>
        <source>Trial {0} of {1}: {2}</source>
        <translation>第 {0} 个试验，共 {1} 个：{2}</translation>
    </message>
    <message>
        <source>Trial {0} of {1}: {2}, epoch {3} of {4}, accuracy {5:.1f}%</source>
        <translation>第 {0} 个试验，共 {1} 个：{2}，第 {3} 轮，共 {4} 轮，准确率 {5:.1f}%</translation>
    </message>
    <message>
        <source>Stopping: the trials in progress save what they trained…</source>
        <translation>正在停止：进行中的试验会保存已训练的部分…</translation>
    </message>
</context>
<context>
    <name>TopView</name>
    <message>
        <source>kernel </source>
        <translation>卷积核 </translation>
    </message>
    <message>
        <source>layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>The {0} test images whose map of kernel {1} in {2} peaks highest (peak value under each); click one to open it in the Lab.</source>
        <translation>{2} 中卷积核 {1} 的特征图峰值最高的 {0} 张测试图片（图下为峰值）；点击一张可在实验台中打开。</translation>
    </message>
    <message>
        <source>test image #{0}</source>
        <translation>测试图片 #{0}</translation>
    </message>
</context>
<context>
    <name>TrainConfig</name>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>The images to train on.</source>
        <translation>用来训练的图片。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The network to train.</source>
        <translation>要训练的网络。</translation>
    </message>
    <message>
        <source>the dataset&apos;s chapter CNN</source>
        <translation>该数据集在本章中的 CNN</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Where unset hyperparameters come from: tuned values or the course&apos;s.</source>
        <translation>未设置的超参数从哪里来：调好的值或课程的值。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>How many passes over the training images.</source>
        <translation>把训练图片完整过多少遍。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Images per gradient step; smaller steps are noisier but more frequent.</source>
        <translation>每次梯度更新用的图片数；批越小，更新越频繁但噪声越大。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Step size of the optimizer (peak value under one-cycle); e.g. 3e-3.</source>
        <translation>优化器的步长（单周期策略下为峰值），例如 3e-3。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>sgd: plain steps; momentum: SGD with momentum 0.9; adam: adaptive steps; rmsprop: the Keras CIFAR example&apos;s choice.</source>
        <translation>SGD：普通梯度下降；动量 SGD：动量为 0.9 的 SGD；Adam：自适应步长；RMSprop：Keras CIFAR 示例所用。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>For momentum SGD and RMSprop: the share of the last step kept.</source>
        <translation>用于动量 SGD 和 RMSprop：保留上一步的比例。</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Pulls weights towards zero each step (L2); 0 turns it off.</source>
        <translation>每一步把权重往零拉（L2）；0 表示关闭。</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率策略</translation>
    </message>
    <message>
        <source>How the learning rate changes over the run: constant, step ×0.1 each third, cosine decay, or one-cycle warm-up then anneal.</source>
        <translation>学习率在训练中如何变化：不变、每三分之一乘以 0.1 的阶梯衰减、余弦衰减，或先预热再退火的单周期策略。</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Random changes to training images: left-right flips and/or shifts of up to a tenth of the side.</source>
        <translation>对训练图片做随机变化：左右翻转和/或平移至多边长的十分之一。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Fixes the starting weights, the shuffling, the augmentation and the generated data. The same seed repeats a run bit for bit only with the same settings, device, torch version and CPU thread count; a measured count changes with the load, so turn on Reproducible (or fix the CPU threads) to repeat a run.</source>
        <translation>固定初始权重、打乱顺序、数据增强和生成的数据。只有在设置、设备、torch 版本和 CPU 线程数都相同时，同一个种子才能逐位重现一次运行；测定的线程数会随负载变化，因此要重现运行，请打开“可复现”（或固定 CPU 线程数）。</translation>
    </message>
    <message>
        <source>Reproducible</source>
        <translation>可复现</translation>
    </message>
    <message>
        <source>Repeat the run bit for bit: one CPU thread count for the whole run (the CPU threads setting, else 1) and torch&apos;s deterministic algorithms, both recorded in the run folder; it may train slower.</source>
        <translation>逐位重现运行：整个运行使用同一个 CPU 线程数（CPU 线程设置，未设则为 1），并启用 torch 的确定性算法，二者都记录在运行文件夹中；训练可能变慢。</translation>
    </message>
    <message>
        <source>Compile</source>
        <translation>编译</translation>
    </message>
    <message>
        <source>Compile the model with torch.compile before training: the first batch waits while it compiles (seconds to minutes), then each batch runs faster, mostly on a GPU; the compile time is reported apart from the training time.</source>
        <translation>训练前用 torch.compile 编译模型：第一批要等编译完成（几秒到几分钟），之后每批运行得更快，主要在 GPU 上；编译时间与训练时间分开报告。</translation>
    </message>
    <message>
        <source>Threads torch computes with on the CPU; left unset, the fastest count is measured at the start and again when the speed changes (a run under 100 batches uses the cores other programs leave free); a continued run keeps the count it last trained with.</source>
        <translation>torch 在 CPU 上计算所用的线程数；不设置时，开始时测定最快的线程数，速度变化时再测（不到 100 个批次的运行使用其他程序空出的核心）；继续训练的运行沿用上次的线程数。</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where to train: auto, cpu, cuda, cuda:N or mps.</source>
        <translation>在哪里训练：auto、cpu、cuda、cuda:N 或 mps。</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>自动测定</translation>
    </message>
    <message>
        <source>Train on</source>
        <translation>训练图片数</translation>
    </message>
    <message>
        <source>Train on a random subset of this many images for a quick look.</source>
        <translation>随机取这么多张图片训练，用来快速看一看。</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>全部图片</translation>
    </message>
    <message>
        <source>Validation fraction</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Share of the training set held out for validation.</source>
        <translation>从训练集中留出来做验证的比例。</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Folder holding the dataset&apos;s files.</source>
        <translation>存放数据集文件的文件夹。</translation>
    </message>
    <message>
        <source>the usual places</source>
        <translation>常用位置</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图片尺寸</translation>
    </message>
    <message>
        <source>Image folders only: side the images are resized to.</source>
        <translation>仅用于图片文件夹：图片缩放后的边长。</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>运行文件夹</translation>
    </message>
    <message>
        <source>Run folder to create.</source>
        <translation>要创建的运行文件夹。</translation>
    </message>
    <message>
        <source>a new folder under the runs folder</source>
        <translation>运行目录下的一个新文件夹</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数个数</translation>
    </message>
    <message>
        <source>Device used</source>
        <translation>实际设备</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>确定性</translation>
    </message>
    <message>
        <source>CPU threads used</source>
        <translation>实际 CPU 线程数</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图片数</translation>
    </message>
    <message>
        <source>Validation images</source>
        <translation>验证图片数</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>测试图片数</translation>
    </message>
</context>
<context>
    <name>WhatsThis</name>
    <message>
        <source>Loss and accuracy of every run, on the training and the validation images, drawn as the run trains. Tick runs in the list to overlay them; hover to read the values at an epoch.</source>
        <translation>每次运行在训练图像和验证图像上的损失与准确率，随训练实时绘制。在列表中勾选运行即可叠加比较；把鼠标停在某一轮上可读出数值。</translation>
    </message>
    <message>
        <source>Every saved run, newest first: filter, open, compare two, rename or delete. A run opened here shows its curves and fills the inspection tabs.</source>
        <translation>所有保存的运行，最新的在前：可以筛选、打开、两两比较、重命名或删除。在这里打开的运行会显示它的曲线，并填充各个观察标签页。</translation>
    </message>
    <message>
        <source>The first convolution layer&apos;s kernels, each a small picture of the pattern it responds to; after training they look like edge and colour detectors.</source>
        <translation>第一个卷积层的卷积核，每个都是它所响应图案的小图；训练之后它们看起来像边缘和颜色检测器。</translation>
    </message>
    <message>
        <source>What each layer makes of one test image (or one image per class): bright where a kernel found its pattern. Deeper layers are smaller and more abstract.</source>
        <translation>每一层对一张测试图像（或每类一张）得到的结果：卷积核找到其图案的地方较亮。越深的层越小，也越抽象。</translation>
    </message>
    <message>
        <source>Which kernels respond to which class: the lecture&apos;s table of each first-layer kernel&apos;s mean output per class, with the kernels that tell classes apart marked.</source>
        <translation>哪些卷积核响应哪一类：课程中的表格，列出第一层每个卷积核对每一类的平均输出，并标出能区分类别的卷积核。</translation>
    </message>
    <message>
        <source>The test images the network gets wrong, most confident mistakes first; click one to see its probabilities and where the network looked.</source>
        <translation>网络分错的测试图像，最有把握的错误排在前面；点击一张可以查看它的各类概率以及网络关注的位置。</translation>
    </message>
    <message>
        <source>How often each true class (row) is taken for each predicted class (column); click a cell to see its images.</source>
        <translation>每个真实类别（行）被预测为每个类别（列）的次数；点击一个格子可查看其中的图像。</translation>
    </message>
    <message>
        <source>Where in the image a layer found evidence for a class, as a heat map over the image, for the predicted class and for every other.</source>
        <translation>某一层在图像的哪些位置找到了某个类别的证据，以热力图叠加在图像上显示，包括预测的类别和其他每个类别。</translation>
    </message>
    <message>
        <source>Draw or open your own input and watch the prediction and the attribution maps change as you draw; switch kernels off to see what they did.</source>
        <translation>画出或打开你自己的输入，边画边看预测和归因图如何变化；关掉某些卷积核，看看它们起了什么作用。</translation>
    </message>
    <message>
        <source>Build a network row by row as the lecture writes it, beside its diagram: every row&apos;s output shape, parameters, FLOPs and receptive field as you type, and the row a design breaks at explained. Train this design trains it with the setup&apos;s settings.</source>
        <translation>像讲义那样逐行搭建网络，旁边是它的结构图：输入时即显示每一行的输出形状、参数、FLOPs 和感受野，并解释设计在哪一行出错。“训练这个设计”会用设置中的参数训练它。</translation>
    </message>
</context>
</TS>
